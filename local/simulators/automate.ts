import type { z } from 'zod';
import { wallMs } from '../../shared/clock';
import type { AutomateSource } from '../../shared/connectors/vendors/automate/config';
import type { DeviceClass } from '../../shared/domain/model';
import type { DemoWorld, WorldClient } from '../demo/world';
import { pageOf, servedPageSize, startSimulator, type FaultPlan, type RunningSimulator, type SimRequest, type SimResponse } from './harness';
import { checkBearer, issueToken, newTokenState, type TokenState } from './rmm-tokens';

/**
 * ConnectWise Automate REST API v1 as the connector meets it: a JSON login at /cwa/api/v1/apitoken
 * returning TokenResult, every call with a bearer token and the developer `clientId` header, bare
 * arrays paged by `options.page` (from 1) and `options.pageSize` (or the flat `page`/`pageSize`)
 * with no total, and the world's Automate clients with their computers.
 */

export const AUTOMATE_DEMO_ENV = {
  AUTOMATE_USERNAME: 'demo-automate-user',
  AUTOMATE_PASSWORD: 'demo-automate-password',
  AUTOMATE_CLIENT_ID: 'demo-automate-client-id',
} as const satisfies Record<string, string>;

export function automateDemoSource(baseUrl: string, id = 'automate'): z.input<typeof AutomateSource> {
  return {
    id,
    kind: 'automate',
    baseUrl: `${baseUrl}/cwa/api/v1`,
    username: { env: 'AUTOMATE_USERNAME' },
    password: { env: 'AUTOMATE_PASSWORD' },
    clientId: { env: 'AUTOMATE_CLIENT_ID' },
  };
}

export interface AutomateState {
  /** LabTech.Models.Client records in id order. */
  clients: Record<string, unknown>[];
  /** LabTech.Models.Computer records in id order, then the world's malformed Automate records. */
  computers: unknown[];
  tokens: TokenState;
  /** How long a token lives from login; ExpirationDate states it. */
  tokenTtlMs: number;
  /** The user must answer a two-factor prompt: the login returns IsTwoFactorRequired and no usable token [I: the shape]. */
  twoFactor: boolean;
}

/** [I] how long a token lives: the spec states ExpirationDate, not a duration. */
const TOKEN_TTL_MS = 3_600_000;

/**
 * Type and operating system Automate reports per canonical class. Null: Automate does not list it
 * as a computer (printers, network gear and phones are probe-discovered devices on other
 * endpoints [V: /NetworkDevices, /MobileDevices]), so the simulator leaves it out.
 */
const KIND: Record<DeviceClass, { Type?: string; OperatingSystemName: string; IsNetworkProbe?: boolean; IsVirtualMachine?: boolean } | null> = {
  WINDOWS_WORKSTATION: { Type: 'Workstation', OperatingSystemName: 'Microsoft Windows 11 Pro x64' },
  WINDOWS_SERVER: { Type: 'Server', OperatingSystemName: 'Microsoft Windows Server 2022 Standard x64' },
  MAC: { Type: 'Workstation', OperatingSystemName: 'macOS 14.5 Sonoma' },
  MAC_SERVER: { Type: 'Server', OperatingSystemName: 'macOS 14.5 Sonoma' },
  LINUX_WORKSTATION: { Type: 'Workstation', OperatingSystemName: 'Ubuntu 22.04.4 LTS' },
  LINUX_SERVER: { Type: 'Server', OperatingSystemName: 'Red Hat Enterprise Linux 9.3' },
  VIRTUAL_HOST: null,
  VIRTUAL_GUEST: null,
  MOBILE: null,
  NETWORK: null,
  PRINTER: null,
  // The location's network probe: an agent the recipes never count.
  OTHER: { Type: 'Server', OperatingSystemName: 'Microsoft Windows Server 2019 Standard x64', IsNetworkProbe: true },
  // No Type, while the operating system names Windows: never guessed into a seat.
  UNCLASSIFIED: { OperatingSystemName: 'Microsoft Windows 10 Pro x64' },
};

export async function startAutomateSimulator(world: DemoWorld, opts: { faults?: FaultPlan; port?: number } = {}): Promise<RunningSimulator & { state: AutomateState }> {
  const state = render(world);
  const unauthorized = (): SimResponse => ({ status: 401, body: { Message: 'Authorization has been denied for this request.' } });
  const sim = await startSimulator(
    {
      name: 'ConnectWise Automate',
      authenticate: (req) => (req.headers.clientid !== AUTOMATE_DEMO_ENV.AUTOMATE_CLIENT_ID ? { status: 403, body: { Message: 'Missing or unknown clientId' } } : checkBearer(state.tokens, req, unauthorized)),
      faults: opts.faults,
      routes: [
        { method: 'POST', path: /^\/cwa\/api\/v1\/apitoken$/i, public: true, handle: (req) => token(state, req) },
        { method: 'GET', path: /^\/cwa\/api\/v1\/clients$/i, handle: (req) => ({ body: page(state.clients, req) }) },
        { method: 'GET', path: /^\/cwa\/api\/v1\/computers$/i, handle: (req) => ({ body: page(state.computers, req) }) },
      ],
    },
    opts.port,
  );
  return Object.assign(sim, { state });
}

function token(state: AutomateState, req: SimRequest): SimResponse {
  if (req.headers.clientid !== AUTOMATE_DEMO_ENV.AUTOMATE_CLIENT_ID) return { status: 403, body: { Message: 'Missing or unknown clientId' } };
  const body = (req.body ?? {}) as { Username?: unknown; Password?: unknown };
  if (body.Username !== AUTOMATE_DEMO_ENV.AUTOMATE_USERNAME || body.Password !== AUTOMATE_DEMO_ENV.AUTOMATE_PASSWORD)
    return { status: 401, body: { Message: 'Invalid username or password' } };
  if (state.twoFactor) return { body: { AccessToken: '', IsTwoFactorRequired: true } };
  const expires = new Date(wallMs() + state.tokenTtlMs).toISOString();
  return { body: { AccessToken: issueToken(state.tokens), TokenType: 'Bearer', ExpirationDate: expires, AbsoluteExpirationDate: expires, UserId: '1', IsTwoFactorRequired: false } };
}

/** One page of a bare array: the namespaced params win over the flat ones [V3: both accepted]; [I] no pageSize means 50. */
function page(rows: readonly unknown[], req: SimRequest): unknown[] {
  const param = (name: string) => req.url.searchParams.get(`options.${name}`) ?? req.url.searchParams.get(name);
  const index = Math.max(1, Number(param('page') ?? 1)) - 1;
  return pageOf(rows, index, servedPageSize(req, Number(param('pageSize') ?? 50)));
}

function render(world: DemoWorld): AutomateState {
  type Owned = { rmm: NonNullable<WorldClient['rmm']>; psa: WorldClient['psa'] | null };
  const owned: Owned[] = [...world.clients.map((c): Owned | null => (c.rmm ? { rmm: c.rmm, psa: c.psa } : null)), ...world.orphans.rmm.map((rmm) => ({ rmm, psa: null }))].filter(
    (c): c is Owned => c?.rmm.vendor === 'automate',
  );
  const clients = owned
    .map(({ rmm, psa }) => ({
      Id: rmm.id,
      Name: rmm.name,
      Company: rmm.name,
      // The PSA company id, as the ConnectWise integration writes it [I].
      ExternalId: psa?.vendor === 'connectwise' ? psa.id : '',
      City: '',
      State: '',
    }))
    .sort((a, b) => Number(a.Id) - Number(b.Id));
  const computers = owned
    .flatMap(({ rmm }) =>
      rmm.devices
        // Retired agents leave /Computers; an agent awaiting approval is a world notion Automate lacks [I].
        .filter((d) => !d.deleted && d.approved && KIND[d.deviceClass])
        .map((d) => ({
          Id: d.id,
          ComputerName: d.name,
          Client: { Id: rmm.id, Name: rmm.name },
          Location: { Id: `${rmm.id}1`, Name: 'Main Office' },
          ...KIND[d.deviceClass],
          ...(d.facts?.os ? { OperatingSystemName: d.facts.os } : {}),
          Status: 'Online',
          RemoteAgentLastContact: d.lastSeenAt,
          LastHeartbeat: d.lastSeenAt,
          ...(d.facts?.antivirus ? { VirusScanner: d.facts.antivirus === 'none' ? { Id: '0', Name: '' } : { Id: '12', Name: 'Webroot SecureAnywhere' } } : {}),
          ...(d.facts?.warrantyEndsOn ? { WarrantyEndDate: `${d.facts.warrantyEndsOn}T00:00:00` } : {}),
          ...(d.facts?.builtOn ? { AssetDate: `${d.facts.builtOn}T00:00:00` } : {}),
        })),
    )
    .sort((a, b) => Number(a.Id) - Number(b.Id));
  return { clients, computers: [...computers, ...(world.malformed.automate ?? [])], tokens: newTokenState(), tokenTtlMs: TOKEN_TTL_MS, twoFactor: false };
}
