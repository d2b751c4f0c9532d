import type { z } from 'zod';
import { wallMs } from '../../shared/clock';
import type { DattoRmmSource } from '../../shared/connectors/vendors/dattormm/config';
import type { AntivirusState, DeviceClass } from '../../shared/domain/model';
import type { DemoWorld, WorldClient } from '../demo/world';
import { pageOf, servedPageSize, startSimulator, type FaultPlan, type RunningSimulator, type SimRequest, type SimResponse } from './harness';
import { checkBearer, issueToken, newTokenState, type TokenState } from './rmm-tokens';

/**
 * Datto RMM API v2 as the connector meets it: a password grant through the public client,
 * the API under /api, `{pageDetails, sites|devices}` envelopes whose nextPageUrl is absolute,
 * and the world's Datto sites with their devices (deleted ones flagged, not dropped).
 */

export const DATTORMM_DEMO_ENV = {
  DATTORMM_API_KEY: 'demo-dattormm-api-key',
  DATTORMM_API_SECRET: 'demo-dattormm-api-secret',
} as const satisfies Record<string, string>;

export function dattormmDemoSource(baseUrl: string, id = 'datto'): z.input<typeof DattoRmmSource> {
  return { id, kind: 'dattormm', baseUrl: `${baseUrl}/api`, apiKey: { env: 'DATTORMM_API_KEY' }, apiSecret: { env: 'DATTORMM_API_SECRET' } };
}

export interface DattoRmmState {
  sites: Record<string, unknown>[];
  /** Device records in id order, then the world's malformed Datto RMM records. */
  devices: unknown[];
  tokens: TokenState;
}

/** How lastSeen is written: live accounts send epoch milliseconds, the spec says ISO [V field note]. */
export type LastSeenFormat = 'epoch-ms' | 'iso';

/** [V: Datto RMM help] tokens live 100 hours. */
const TOKEN_TTL_SECONDS = 100 * 3600;
/** [V] GET /v2/system/pagination: the default and maximum page size. */
const MAX_PAGE = 250;
const DAY_MS = 86_400_000;

/**
 * What Datto reports for each canonical class; categories are illustrative [I]. A null category
 * leaves deviceType out. Datto has no kind Trueup reads as OTHER (an agent of no known kind is
 * UNCLASSIFIED), so an OTHER world device comes back UNCLASSIFIED; the generator plants none.
 */
const KIND: Record<DeviceClass, { deviceClass: string; category: string | null; os: string }> = {
  WINDOWS_WORKSTATION: { deviceClass: 'device', category: 'Laptop', os: 'Microsoft Windows 11 Pro 10.0.22631' },
  WINDOWS_SERVER: { deviceClass: 'device', category: 'Server', os: 'Microsoft Windows Server 2022 Standard 10.0.20348' },
  MAC: { deviceClass: 'device', category: 'Laptop', os: 'macOS Sonoma 14.5' },
  MAC_SERVER: { deviceClass: 'device', category: 'Server', os: 'macOS Sonoma 14.5' },
  LINUX_WORKSTATION: { deviceClass: 'device', category: 'Desktop', os: 'Ubuntu 22.04.4 LTS' },
  LINUX_SERVER: { deviceClass: 'device', category: 'Server', os: 'Ubuntu 22.04.4 LTS' },
  VIRTUAL_HOST: { deviceClass: 'esxihost', category: 'ESXi Host', os: 'VMware ESXi 8.0.2' },
  VIRTUAL_GUEST: { deviceClass: 'device', category: 'Virtual Machine', os: 'Microsoft Windows Server 2019 Standard 10.0.17763' },
  MOBILE: { deviceClass: 'device', category: 'Mobile Device', os: 'Android 14' },
  NETWORK: { deviceClass: 'rmmnetworkdevice', category: 'Network Device', os: '' },
  PRINTER: { deviceClass: 'printer', category: 'Printer', os: '' },
  OTHER: { deviceClass: 'device', category: 'Other', os: '' },
  // Datto does not know what it is, while the operating system string names Windows: the case
  // that was once counted as a workstation.
  UNCLASSIFIED: { deviceClass: 'unknown', category: null, os: 'Microsoft Windows 11 Pro 10.0.22631' },
};

export async function startDattoRmmSimulator(
  world: DemoWorld,
  opts: { faults?: FaultPlan; port?: number; lastSeen?: LastSeenFormat } = {},
): Promise<RunningSimulator & { state: DattoRmmState }> {
  const state = render(world, opts.lastSeen ?? 'epoch-ms');
  // The spec's ErrorResponse, with the path as the API sees it (without /api).
  const unauthorized = (req: SimRequest): SimResponse => ({
    status: 401,
    body: { timestamp: wallMs(), status: 401, error: 'Unauthorized', path: req.url.pathname.replace(/^\/api/, '') },
  });
  const sim = await startSimulator(
    {
      name: 'Datto RMM',
      authenticate: (req) => checkBearer(state.tokens, req, () => unauthorized(req)),
      faults: opts.faults,
      routes: [
        { method: 'POST', path: /^\/auth\/oauth\/token$/, public: true, handle: (req) => token(state.tokens, req) },
        { method: 'GET', path: /^\/api\/v2\/account\/sites$/, handle: (req) => page(state.sites, 'sites', req) },
        { method: 'GET', path: /^\/api\/v2\/account\/devices$/, handle: (req) => page(state.devices, 'devices', req) },
      ],
    },
    opts.port,
  );
  return Object.assign(sim, { state });
}

function token(tokens: TokenState, req: SimRequest): SimResponse {
  const client = `Basic ${Buffer.from('public-client:public').toString('base64')}`;
  if (req.headers.authorization !== client) return { status: 401, body: { error: 'unauthorized', error_description: 'Full authentication is required' } };
  const form = new URLSearchParams(req.rawBody);
  if (form.get('grant_type') !== 'password') return { status: 400, body: { error: 'unsupported_grant_type' } };
  if (form.get('username') !== DATTORMM_DEMO_ENV.DATTORMM_API_KEY || form.get('password') !== DATTORMM_DEMO_ENV.DATTORMM_API_SECRET)
    return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad credentials' } };
  return { body: { access_token: issueToken(tokens), token_type: 'bearer', expires_in: TOKEN_TTL_SECONDS - 1, scope: 'default' } };
}

/** One page and absolute prev/next links back to this server; [I] pages count from 0. */
function page(rows: readonly unknown[], entity: 'sites' | 'devices', req: SimRequest): SimResponse {
  const max = servedPageSize(req, Number(req.url.searchParams.get('max')) || MAX_PAGE, MAX_PAGE);
  const index = Number(req.url.searchParams.get('page')) || 0;
  const items = pageOf(rows, index, max);
  const link = (p: number) => `${req.url.origin}${req.url.pathname}?max=${max}&page=${p}`;
  return {
    body: {
      pageDetails: {
        count: items.length,
        totalCount: rows.length,
        prevPageUrl: index > 0 ? link(index - 1) : null,
        nextPageUrl: (index + 1) * max < rows.length ? link(index + 1) : null,
      },
      [entity]: items,
    },
  };
}

/** A world state as Datto RMM's antivirusStatus words it [V: Antivirus enum]. */
const ANTIVIRUS_STATUS: Record<AntivirusState, string> = { protected: 'RunningAndUpToDate', 'at-risk': 'NotRunning', none: 'NotDetected' };

function render(world: DemoWorld, lastSeen: LastSeenFormat): DattoRmmState {
  const psaName = new Map(world.clients.map((c) => [c.rmm, c.psa.name]));
  const sites = [...world.clients.map((c) => c.rmm), ...world.orphans.rmm].filter(
    (rmm): rmm is NonNullable<WorldClient['rmm']> => rmm?.vendor === 'dattormm',
  );
  const asOf = Date.parse(world.asOf);
  const recent = (iso: string) => asOf - Date.parse(iso) <= DAY_MS;
  const siteRecords = sites
    .map((s) => ({
      id: Number(s.id),
      uid: s.uid,
      accountUid: 'demo0001',
      name: s.name,
      description: '',
      onDemand: false,
      splashtopAutoInstall: false,
      devicesStatus: {
        numberOfDevices: s.devices.filter((d) => !d.deleted).length,
        numberOfOnlineDevices: s.devices.filter((d) => !d.deleted && recent(d.lastSeenAt)).length,
        numberOfOfflineDevices: s.devices.filter((d) => !d.deleted && !recent(d.lastSeenAt)).length,
      },
      autotaskCompanyName: s.autotaskCompanyId ? (psaName.get(s) ?? null) : null,
      autotaskCompanyId: s.autotaskCompanyId,
      portalUrl: `https://demo.centrastage.net/csm/site/${s.id}`,
    }))
    .sort((a, b) => a.id - b.id);
  const devices = sites
    .flatMap((s) =>
      s.devices.map((d) => {
        const kind = KIND[d.deviceClass];
        return {
          id: Number(d.id),
          uid: d.uid,
          siteId: Number(s.id),
          siteUid: s.uid,
          siteName: s.name,
          ...(kind.category ? { deviceType: { category: kind.category, type: kind.category } } : {}),
          hostname: d.name,
          intIpAddress: '10.0.0.10',
          operatingSystem: d.facts?.os ?? kind.os,
          domain: 'WORKGROUP',
          online: !d.deleted && recent(d.lastSeenAt),
          suspended: false,
          deleted: d.deleted,
          deviceClass: kind.deviceClass,
          lastSeen: lastSeen === 'epoch-ms' ? Date.parse(d.lastSeenAt) : d.lastSeenAt,
          creationDate: new Date(Date.parse(d.lastSeenAt) - 180 * DAY_MS).toISOString(),
          snmpEnabled: kind.deviceClass !== 'device',
          a64Bit: true,
          rebootRequired: false,
          ...(d.facts?.antivirus ? { antivirus: { antivirusProduct: d.facts.antivirus === 'none' ? '' : 'Datto AV', antivirusStatus: ANTIVIRUS_STATUS[d.facts.antivirus] } } : {}),
          // [I] the form of warrantyDate is not documented: a plain date, as the connector reads either.
          ...(d.facts?.warrantyEndsOn ? { warrantyDate: d.facts.warrantyEndsOn } : {}),
        };
      }),
    )
    .sort((a, b) => a.id - b.id);
  return { sites: siteRecords, devices: [...devices, ...(world.malformed.dattormm ?? [])], tokens: newTokenState() };
}
