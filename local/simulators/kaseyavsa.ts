import type { z } from 'zod';
import type { KaseyaVsaSource } from '../../shared/connectors/vendors/kaseyavsa/config';
import type { DeviceClass } from '../../shared/domain/model';
import type { DemoWorld, WorldClient, WorldDevice } from '../demo/world';
import { wallMs } from '../../shared/clock';
import { servedPageSize, startSimulator, type FaultPlan, type RunningSimulator, type SimRequest, type SimResponse } from './harness';
import { checkBearer, issueToken, newTokenState, type TokenState } from './rmm-tokens';

/**
 * Kaseya VSA 9 REST API as the connector meets it (shared/vendor-apis/notes/kaseya-vsa.md): a GET
 * auth call with Basic user:personal-access-token that returns a session token, every answer in
 * the {Result, ResponseCode, Status, Error} envelope, lists paged with $top/$skip and a
 * TotalRecords, and the world's Kaseya VSA organizations with their agents.
 */

export const KASEYAVSA_DEMO_ENV = {
  KASEYAVSA_USERNAME: 'demo-vsa-api',
  KASEYAVSA_PAT: 'demo-kaseyavsa-personal-access-token',
} as const satisfies Record<string, string>;

export function kaseyavsaDemoSource(baseUrl: string, id = 'vsa'): z.input<typeof KaseyaVsaSource> {
  return { id, kind: 'kaseyavsa', baseUrl: `${baseUrl}/api/v1.0`, username: { env: 'KASEYAVSA_USERNAME' }, personalAccessToken: { env: 'KASEYAVSA_PAT' } };
}

export interface KaseyaVsaState {
  /** Organization records as the API returns them, in OrgId order. */
  orgs: Record<string, unknown>[];
  /** Agent records in AgentId order, then the world's malformed Kaseya VSA records. */
  devices: unknown[];
  tokens: TokenState;
  /** How long a session lives, in seconds (VSA's default is not documented [I]). */
  sessionSeconds: number;
  /** Whether list pages state TotalRecords (the notes mark it [I]: tests turn it off). */
  statesTotal: boolean;
  /** An application error to answer inside HTTP 200 on every list, as VSA can [V3]. */
  listError: { ResponseCode: number; Error: string } | null;
}

/** [V3] VSAModule never asks for more than 100 a page; the served maximum here is [I]. */
const MAX_PAGE = 100;

/** The operating system an agent of each class reports; null: not an agent, so not in VSA's list [I]. */
const OS: Record<DeviceClass, { OperatingSystem?: string; OSType?: string; OSInfo?: string } | null> = {
  WINDOWS_WORKSTATION: { OperatingSystem: 'Windows', OSType: '10', OSInfo: 'Professional x64 Edition Build 19045' },
  WINDOWS_SERVER: { OperatingSystem: 'Windows', OSType: '2019', OSInfo: 'Server Standard x64 Edition Build 17763' },
  MAC: { OperatingSystem: 'Mac OS X', OSType: '14.4', OSInfo: 'Sonoma' },
  MAC_SERVER: { OperatingSystem: 'Mac OS X', OSType: '10.13', OSInfo: 'macOS Server' },
  LINUX_WORKSTATION: { OperatingSystem: 'Linux', OSType: 'Ubuntu', OSInfo: '22.04 Desktop' },
  LINUX_SERVER: { OperatingSystem: 'Linux', OSType: 'Ubuntu', OSInfo: '22.04 Server' },
  MOBILE: { OperatingSystem: 'Android', OSType: '14', OSInfo: 'Pixel 8' },
  // An agent whose operating system VSA could not read [I].
  UNCLASSIFIED: { OSType: 'Unknown' },
  // A machine ID template: it never checks in (rendered below).
  OTHER: {},
  VIRTUAL_HOST: null,
  VIRTUAL_GUEST: null,
  NETWORK: null,
  PRINTER: null,
};

const ok = (Result: unknown, extra: Record<string, unknown> = {}) => ({ ...extra, Result, ResponseCode: 0, Status: 'OK', Error: 'None' });

export async function startKaseyaVsaSimulator(
  world: DemoWorld,
  opts: { faults?: FaultPlan; port?: number } = {},
): Promise<RunningSimulator & { state: KaseyaVsaState }> {
  const state = render(world);
  const unauthorized = (): SimResponse => ({ status: 401, body: { Result: null, ResponseCode: 401, Status: 'Unauthorized', Error: 'Session token is invalid or expired' } });
  const sim = await startSimulator(
    {
      name: 'Kaseya VSA',
      authenticate: (req) => checkBearer(state.tokens, req, unauthorized),
      faults: opts.faults,
      routes: [
        { method: 'GET', path: /^\/api\/v1\.0\/auth$/i, public: true, handle: (req) => login(state, req) },
        { method: 'GET', path: /^\/api\/v1\.0\/system\/orgs$/i, handle: (req) => ({ body: listPage(state, state.orgs, req) }) },
        { method: 'GET', path: /^\/api\/v1\.0\/assetmgmt\/agents$/i, handle: (req) => ({ body: listPage(state, state.devices, req) }) },
      ],
    },
    opts.port,
  );
  return Object.assign(sim, { state });
}

function login(state: KaseyaVsaState, req: SimRequest): SimResponse {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const [user, pat] = Buffer.from(basic ?? '', 'base64').toString('utf8').split(':');
  if (user !== KASEYAVSA_DEMO_ENV.KASEYAVSA_USERNAME || pat !== KASEYAVSA_DEMO_ENV.KASEYAVSA_PAT)
    return { status: 401, body: { Result: null, ResponseCode: 401, Status: 'Unauthorized', Error: 'Invalid credentials' } };
  const expires = new Date(wallMs() + state.sessionSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { body: ok({ Token: issueToken(state.tokens), UserName: user, SessionExpiration: expires, OffSetInMinutes: 0 }) };
}

/** `$top` records after `$skip`, in the list's id order, with TotalRecords; [I] without $top, 100. */
function listPage(state: KaseyaVsaState, rows: readonly unknown[], req: SimRequest) {
  if (state.listError) return { Result: null, Status: 'Error', ...state.listError };
  const skip = Number(req.url.searchParams.get('$skip') ?? 0);
  const top = servedPageSize(req, Number(req.url.searchParams.get('$top') ?? MAX_PAGE), MAX_PAGE);
  return ok(rows.slice(skip, skip + top), state.statesTotal ? { TotalRecords: rows.length } : {});
}

function render(world: DemoWorld): KaseyaVsaState {
  const orgs = [...world.clients.map((c) => c.rmm), ...world.orphans.rmm].filter(
    (rmm): rmm is NonNullable<WorldClient['rmm']> => rmm?.vendor === 'kaseyavsa',
  );
  const orgRecords = orgs
    .map((org) => ({ OrgId: Number(org.id), OrgName: org.name, OrgRef: org.name.toLowerCase().replace(/[^a-z0-9]+/g, '') }))
    .sort((a, b) => a.OrgId - b.OrgId);
  const devices = orgs
    .flatMap((org) => org.devices.flatMap((d) => agent(org, d)))
    .sort((a, b) => a.AgentId - b.AgentId);
  return { orgs: orgRecords, devices: [...devices, ...(world.malformed.kaseyavsa ?? [])], tokens: newTokenState(), sessionSeconds: 3600, statesTotal: true, listError: null };
}

function agent(org: NonNullable<WorldClient['rmm']>, d: WorldDevice) {
  const os = OS[d.deviceClass];
  // [I] VSA has no approval step: a device the world holds unapproved never became an agent.
  if (!os || !d.approved) return [];
  const template = d.deviceClass === 'OTHER';
  const group = `root.${org.name.toLowerCase().replace(/[^a-z0-9]+/g, '')}`;
  return [
    {
      AgentId: Number(d.id),
      AgentName: `${d.name.toLowerCase()}.${group}`,
      ComputerName: d.name,
      OrgId: Number(org.id),
      MachineGroupId: Number(org.id) * 10,
      MachineGroup: group,
      // Deleted in the world: suspended in VSA (198); a template never checks in (199).
      Online: template ? 199 : d.deleted ? 198 : 1,
      ...os,
      ...(template ? {} : { LastCheckInTime: d.lastSeenAt }),
      AgentVersion: 9050012,
    },
  ];
}
