import type { Client, Device, SourceRole, Subscription, VendorKind } from './model';

/**
 * Which RMM organizations and marketplace companies belong to which PSA client. Evidence is
 * taken strongest first: an explicit override, a vendor cross-reference, then a normalized
 * name. Every non-PSA client lands in at most one group (so no device is counted twice) or in
 * `unmatched` with the reason; nothing is dropped.
 */

export interface SourceClients {
  sourceId: string;
  kind: VendorKind;
  role: SourceRole;
  clients: Client[];
  devices: Device[];
  subscriptions: Subscription[];
}

export type MatchVia = 'override' | 'cross-reference' | 'name';

export interface Member {
  sourceId: string;
  role: SourceRole;
  key: string;
  client: Client;
  via: MatchVia;
}

export interface ClientGroup {
  /** `<psa sourceId>:<client externalId>`: the key findings are filed under. */
  key: string;
  psaSourceId: string;
  psa: Client;
  members: Member[];
}

export interface Unmatched {
  sourceId: string;
  role: SourceRole;
  key: string;
  client: Client;
  reason: string;
}

export interface MatchResult {
  groups: ClientGroup[];
  unmatched: Unmatched[];
}

export interface MatchRules {
  overrides: Array<{ psa: string; members: string[] }>;
  ignore: string[];
}

const LEGAL_SUFFIXES = new Set(['inc', 'incorporated', 'llc', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'pllc', 'plc', 'gmbh', 'llp', 'lp', 'pc', 'pa']);

/** "Northwind Traders, Inc." = "NORTHWIND TRADERS" = "Northwind Traders Inc". */
export function normalizeName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (words[0] === 'the') words.shift();
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

export const clientKey = (sourceId: string, externalId: string): string => `${sourceId}:${externalId}`;

export function matchClients(sources: SourceClients[], rules: MatchRules): MatchResult {
  const ignored = new Set(rules.ignore);
  const psaSources = sources.filter((s) => s.role === 'psa');
  const groups = new Map<string, ClientGroup>();
  const byName = new Map<string, string[]>();
  const byVendorId = new Map<string, string[]>();
  for (const s of psaSources) {
    for (const c of s.clients) {
      const key = clientKey(s.sourceId, c.externalId);
      if (ignored.has(key)) continue;
      groups.set(key, { key, psaSourceId: s.sourceId, psa: c, members: [] });
      push(byName, normalizeName(c.name), key);
      push(byVendorId, `${s.kind}:${c.externalId}`, key);
      push(byVendorId, `any-psa:${c.externalId}`, key);
    }
  }

  const overrideOf = new Map<string, string>();
  for (const o of rules.overrides) for (const m of o.members) overrideOf.set(m, o.psa);
  const deviceOwner = deviceRefOwners(psaSources, ignored);

  const unmatched: Unmatched[] = [];
  for (const s of sources.filter((x) => x.role !== 'psa')) {
    const devicesByClient = groupBy(s.devices, (d) => d.clientExternalId);
    for (const c of s.clients) {
      const key = clientKey(s.sourceId, c.externalId);
      if (ignored.has(key)) continue;
      const found = resolve(key, c, s, devicesByClient.get(c.externalId) ?? []);
      if ('group' in found) {
        groups.get(found.group)!.members.push({ sourceId: s.sourceId, role: s.role, key, client: c, via: found.via });
      } else {
        unmatched.push({ sourceId: s.sourceId, role: s.role, key, client: c, reason: found.reason });
      }
    }
  }
  return { groups: [...groups.values()], unmatched };

  function resolve(key: string, c: Client, s: SourceClients, devices: Device[]): { group: string; via: MatchVia } | { reason: string } {
    const override = overrideOf.get(key);
    if (override) {
      if (groups.has(override)) return { group: override, via: 'override' };
      return { reason: `override names ${override}, which is not a PSA client in this run` };
    }
    for (const ref of c.refs) {
      const hits = byVendorId.get(`${ref.vendor}:${ref.id}`) ?? [];
      if (hits.length === 1) return { group: hits[0]!, via: 'cross-reference' };
    }
    // Halo assets name RMM device ids: the PSA client owning most of this org's devices wins.
    const votes = new Map<string, number>();
    for (const d of devices) {
      const owner = deviceOwner.get(`${s.kind}:${d.externalId}`);
      if (owner) votes.set(owner, (votes.get(owner) ?? 0) + 1);
    }
    const [best] = [...votes.entries()].sort((a, b) => b[1] - a[1]);
    if (best) return { group: best[0], via: 'cross-reference' };
    const named = byName.get(normalizeName(c.name)) ?? [];
    if (named.length === 1) return { group: named[0]!, via: 'name' };
    if (named.length > 1) return { reason: `name "${c.name}" matches ${named.length} PSA clients (${named.join(', ')}); add a matching override` };
    return { reason: `no PSA client has a cross-reference to it or the name "${c.name}"` };
  }
}

function deviceRefOwners(psaSources: SourceClients[], ignored: Set<string>): Map<string, string> {
  const owners = new Map<string, string>();
  for (const s of psaSources)
    for (const c of s.clients) {
      const key = clientKey(s.sourceId, c.externalId);
      if (ignored.has(key)) continue;
      for (const ref of c.deviceRefs) owners.set(`${ref.vendor}:${ref.id}`, key);
    }
  return owners;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) push(map, keyOf(item), item);
  return map;
}
