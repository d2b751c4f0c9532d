import type { z } from 'zod';
import type { NinjaOneSource } from '../../shared/connectors/vendors/ninjaone/config';
import type { DeviceClass } from '../../shared/domain/model';
import type { DemoWorld, DeviceFacts, WorldClient } from '../demo/world';
import { servedPageSize, startSimulator, type FaultPlan, type RunningSimulator, type SimRequest, type SimResponse } from './harness';
import { checkBearer, issueToken, newTokenState, type TokenState } from './rmm-tokens';

/**
 * NinjaOne Public API 2.0 as the connector meets it: a client-credentials token endpoint, bare
 * JSON arrays paged with pageSize + after (the last id of the previous page), epoch-second
 * timestamps, and the world's NinjaOne organizations with their devices.
 */

export const NINJAONE_DEMO_ENV = {
  NINJAONE_CLIENT_ID: 'demo-ninjaone-client-id',
  NINJAONE_CLIENT_SECRET: 'demo-ninjaone-client-secret',
} as const satisfies Record<string, string>;

export function ninjaoneDemoSource(baseUrl: string, id = 'ninja'): z.input<typeof NinjaOneSource> {
  return { id, kind: 'ninjaone', baseUrl, clientId: { env: 'NINJAONE_CLIENT_ID' }, clientSecret: { env: 'NINJAONE_CLIENT_SECRET' } };
}

export interface NinjaOneState {
  /** Organization records as the API returns them, in id order. */
  organizations: Record<string, unknown>[];
  /** Device records in id order, then the world's malformed NinjaOne records. */
  devices: unknown[];
  tokens: TokenState;
}

/** The nodeClass NinjaOne reports for each canonical class; an unclassified device has none. */
const NODE_CLASS: Record<DeviceClass, string | null> = {
  WINDOWS_WORKSTATION: 'WINDOWS_WORKSTATION',
  WINDOWS_SERVER: 'WINDOWS_SERVER',
  MAC: 'MAC',
  MAC_SERVER: 'MAC_SERVER',
  LINUX_WORKSTATION: 'LINUX_WORKSTATION',
  LINUX_SERVER: 'LINUX_SERVER',
  VIRTUAL_HOST: 'VMWARE_VM_HOST',
  VIRTUAL_GUEST: 'HYPERV_VMM_GUEST',
  MOBILE: 'ANDROID',
  NETWORK: 'NMS_SWITCH',
  PRINTER: 'NMS_PRINTER',
  OTHER: 'CLOUD_MONITOR_TARGET',
  // A device without a class leaves the field out: the spec requires no field [V], its shape here is [I].
  UNCLASSIFIED: null,
};

const DAY_MS = 86_400_000;

export async function startNinjaOneSimulator(
  world: DemoWorld,
  opts: { faults?: FaultPlan; port?: number } = {},
): Promise<RunningSimulator & { state: NinjaOneState }> {
  const state = render(world);
  const unauthorized = (): SimResponse => ({ status: 401, body: { error: 'invalid_token', error_description: 'Access token expired or invalid' } });
  const sim = await startSimulator(
    {
      name: 'NinjaOne',
      authenticate: (req) => checkBearer(state.tokens, req, unauthorized),
      faults: opts.faults,
      routes: [
        { method: 'POST', path: /^\/ws\/oauth\/token$/, public: true, handle: (req) => token(state.tokens, req) },
        { method: 'GET', path: /^\/v2\/organizations$/, handle: (req) => ({ body: afterPage(state.organizations, req) }) },
        { method: 'GET', path: /^\/v2\/devices$/, handle: (req) => ({ body: afterPage(state.devices, req) }) },
      ],
    },
    opts.port,
  );
  return Object.assign(sim, { state });
}

function token(tokens: TokenState, req: SimRequest): SimResponse {
  const form = new URLSearchParams(req.rawBody);
  if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
  if (form.get('client_id') !== NINJAONE_DEMO_ENV.NINJAONE_CLIENT_ID || form.get('client_secret') !== NINJAONE_DEMO_ENV.NINJAONE_CLIENT_SECRET)
    return { status: 401, body: { error: 'invalid_client' } };
  if (!(form.get('scope') ?? '').split(' ').includes('monitoring')) return { status: 400, body: { error: 'invalid_scope' } };
  return { body: { access_token: issueToken(tokens), token_type: 'Bearer', expires_in: 3600, scope: 'monitoring' } };
}

/** `pageSize` records (in id order) whose id is beyond `after`; [I] without pageSize, everything. */
function afterPage(rows: readonly unknown[], req: SimRequest): unknown[] {
  const after = Number(req.url.searchParams.get('after') ?? Number.NEGATIVE_INFINITY);
  const size = servedPageSize(req, Number(req.url.searchParams.get('pageSize') ?? rows.length));
  // One pass that keeps only the page: 500,000 devices are not copied for every page read.
  const page: unknown[] = [];
  const planted: unknown[] = [];
  let rest = 0;
  for (const r of rows) {
    const id = idOf(r);
    if (Number.isNaN(id)) planted.push(r);
    else if (id > after && rest++ < size) page.push(r);
  }
  // A record without a numeric id (a planted malformed one) cannot sit behind a cursor: it goes
  // out once, with the last records, so the list still ends on an empty page.
  return page.length > 0 && page.length === rest ? [...page, ...planted] : page;
}

function idOf(record: unknown): number {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : Number.NaN;
}

function render(world: DemoWorld): NinjaOneState {
  const orgs = [...world.clients.map((c) => c.rmm), ...world.orphans.rmm].filter(
    (rmm): rmm is NonNullable<WorldClient['rmm']> => rmm?.vendor === 'ninjaone',
  );
  const asOf = Date.parse(world.asOf);
  const organizations = orgs
    .map((org) => ({ id: Number(org.id), name: org.name, description: '', nodeApprovalMode: 'AUTOMATIC', tags: [], fields: {}, userData: {} }))
    .sort((a, b) => a.id - b.id);
  const devices = orgs
    .flatMap((org) =>
      org.devices
        // NinjaOne drops deleted devices from its lists rather than flagging them.
        .filter((d) => !d.deleted)
        .map((d) => {
          const seen = Date.parse(d.lastSeenAt) / 1000;
          const nodeClass = NODE_CLASS[d.deviceClass];
          return {
            id: Number(d.id),
            uid: d.uid,
            organizationId: Number(org.id),
            locationId: Number(org.id) * 10,
            ...(nodeClass ? { nodeClass } : {}),
            approvalStatus: d.approved ? 'APPROVED' : 'PENDING',
            offline: asOf - seen * 1000 > DAY_MS,
            displayName: d.name,
            systemName: d.name,
            dnsName: `${d.name.toLowerCase()}.local`,
            created: seen - 180 * 86_400,
            lastContact: seen,
            lastUpdate: seen,
            ...warranty(d.facts),
          };
        }),
    )
    .sort((a, b) => a.id - b.id);
  return { organizations, devices: [...devices, ...(world.malformed.ninjaone ?? [])], tokens: newTokenState() };
}

/** NinjaOne's warranty dates, in epoch seconds [V: WarrantyDates], under references. */
function warranty(facts: DeviceFacts | undefined): { references?: { warranty: Record<string, number> } } {
  const seconds = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;
  const w = { ...(facts?.warrantyEndsOn ? { endDate: seconds(facts.warrantyEndsOn) } : {}), ...(facts?.builtOn ? { manufacturerFulfillmentDate: seconds(facts.builtOn) } : {}) };
  return Object.keys(w).length ? { references: { warranty: w } } : {};
}
