import type { Client, Device, SourceRole, Subscription, VendorKind } from '../model';
import { candidateIndex, sketch } from './candidates';
import { nameProfile, type NameProfile } from './normalize';
import { compareNames } from './similarity';

/**
 * Which RMM organizations and marketplace companies belong to which PSA client. Evidence is
 * taken strongest first: a config override, a person's stored decision, a vendor
 * cross-reference, then the names. A name match is scored: high confidence matches, medium is
 * suggested for a person to confirm, anything lower stays unmatched with its nearest
 * candidates. Every non-PSA client lands in exactly one of groups, suggested or unmatched (so no
 * device is counted twice and none is dropped), and never in two groups.
 */

export interface SourceClients {
  sourceId: string;
  kind: VendorKind;
  role: SourceRole;
  clients: Client[];
  devices: Device[];
  subscriptions: Subscription[];
}

export type MatchVia = 'override' | 'decision' | 'cross-reference' | 'name';

export interface Member {
  sourceId: string;
  role: SourceRole;
  key: string;
  client: Client;
  via: MatchVia;
  /** 1 for overrides, decisions and cross-references; the name score otherwise. */
  score: number;
  /** Why, in words: "names agree after expanding Mfg -> Manufacturing and dropping '- Warehouse'". */
  reason: string;
}

export interface ClientGroup {
  /** `<psa sourceId>:<client externalId>`: the key findings are filed under. */
  key: string;
  psaSourceId: string;
  psa: Client;
  members: Member[];
}

/** A PSA client a member's name resembles. */
export interface Candidate {
  psaKey: string;
  psaSourceId: string;
  psaName: string;
  score: number;
  reason: string;
}

interface Outside {
  sourceId: string;
  role: SourceRole;
  key: string;
  client: Client;
}

/** A name close enough to ask about, not to act on. A tie lists one suggestion per tied PSA client. */
export interface Suggested extends Outside {
  candidate: Candidate;
}

export interface Unmatched extends Outside {
  reason: string;
  /** The nearest PSA clients by name, best first (possibly none). */
  candidates: Candidate[];
}

export interface MatchResult {
  groups: ClientGroup[];
  suggested: Suggested[];
  unmatched: Unmatched[];
}

export interface MatchRules {
  overrides: Array<{ psa: string; members: string[] }>;
  ignore: string[];
}

/** A person's answer to a suggested match, from its link. */
export interface MatchDecision {
  memberKey: string;
  psaKey: string;
  same: boolean;
  decidedBy: string;
  decidedAt: string;
}

/** Score bounds: at or above `auto` a name matches by itself; from `suggest` a person is asked. */
export const MATCH_THRESHOLDS = { auto: 0.9, suggest: 0.72, candidate: 0.4, margin: 0.03 } as const;
const MAX_CANDIDATES = 3;

export const clientKey = (sourceId: string, externalId: string): string => `${sourceId}:${externalId}`;

type Resolution = { group: string; via: MatchVia; score: number; reason: string } | { suggest: Candidate[] } | { reason: string; candidates: Candidate[] };

export function matchClients(sources: SourceClients[], rules: MatchRules, decisions: readonly MatchDecision[] = []): MatchResult {
  const ignored = new Set(rules.ignore);
  const psaSources = sources.filter((s) => s.role === 'psa');
  const groups = new Map<string, ClientGroup>();
  const byVendorId = new Map<string, string[]>();
  for (const s of psaSources)
    for (const c of s.clients) {
      const key = clientKey(s.sourceId, c.externalId);
      if (ignored.has(key)) continue;
      groups.set(key, { key, psaSourceId: s.sourceId, psa: c, members: [] });
      push(byVendorId, `${s.kind}:${c.externalId}`, key);
      push(byVendorId, `any-psa:${c.externalId}`, key);
    }

  const overrideOf = new Map<string, string>();
  for (const o of rules.overrides) for (const m of o.members) overrideOf.set(m, o.psa);
  const deviceOwner = deviceRefOwners(psaSources, ignored);
  const names = nameIndex([...groups.values()]);
  const confirmed = groupBy(
    decisions.filter((d) => d.same && groups.has(d.psaKey)),
    (d) => d.memberKey,
  );
  const rejected = new Set(decisions.filter((d) => !d.same).map((d) => `${d.memberKey}|${d.psaKey}`));

  const result: MatchResult = { groups: [], suggested: [], unmatched: [] };
  for (const s of sources.filter((x) => x.role !== 'psa')) {
    const devicesByClient = groupBy(s.devices, (d) => d.clientExternalId);
    for (const c of s.clients) {
      const key = clientKey(s.sourceId, c.externalId);
      if (ignored.has(key)) continue;
      const outside: Outside = { sourceId: s.sourceId, role: s.role, key, client: c };
      const found = resolve(outside, s, devicesByClient.get(c.externalId) ?? []);
      if ('group' in found) groups.get(found.group)!.members.push({ ...outside, via: found.via, score: found.score, reason: found.reason });
      else if ('suggest' in found) result.suggested.push(...found.suggest.map((candidate) => ({ ...outside, candidate })));
      else result.unmatched.push({ ...outside, reason: found.reason, candidates: found.candidates });
    }
  }
  result.groups = [...groups.values()];
  return result;

  function resolve(o: Outside, s: SourceClients, devices: Device[]): Resolution {
    const override = overrideOf.get(o.key);
    if (override) {
      if (groups.has(override)) return { group: override, via: 'override', score: 1, reason: 'matching override in the config' };
      return { reason: `override names ${override}, which is not a PSA client in this run`, candidates: [] };
    }
    const yes = confirmed.get(o.key) ?? [];
    if (yes.length === 1) return { group: yes[0]!.psaKey, via: 'decision', score: 1, reason: `confirmed as the same client by ${yes[0]!.decidedBy} on ${yes[0]!.decidedAt.slice(0, 10)}` };
    if (yes.length > 1) return { reason: `confirmed as the same client as ${yes.map((d) => d.psaKey).join(' and ')}; keep one with a matching override`, candidates: [] };
    const ref = crossReference(o.client, s, devices);
    if (ref) return ref;
    return byName(o);
  }

  function crossReference(c: Client, s: SourceClients, devices: Device[]): Resolution | null {
    for (const ref of c.refs) {
      const hits = byVendorId.get(`${ref.vendor}:${ref.id}`) ?? [];
      if (hits.length === 1) return { group: hits[0]!, via: 'cross-reference', score: 1, reason: `${s.kind} records ${ref.vendor === 'any-psa' ? 'PSA' : ref.vendor} id ${ref.id} for it` };
    }
    // Halo assets name RMM device ids: the PSA client owning most of this org's devices wins.
    const votes = new Map<string, number>();
    for (const d of devices) {
      const owner = deviceOwner.get(`${s.kind}:${d.externalId}`);
      if (owner) votes.set(owner, (votes.get(owner) ?? 0) + 1);
    }
    const [best] = [...votes.entries()].sort((a, b) => b[1] - a[1]);
    if (!best) return null;
    return { group: best[0], via: 'cross-reference', score: 1, reason: `${best[1]} of its ${devices.length} devices are assets of this client in the PSA` };
  }

  function byName(o: Outside): Resolution {
    const profile = nameProfile(o.client.name);
    // The same words as exactly one PSA client: nothing else can score within the margin of that.
    const exact = names.exact(profile).filter((g) => !rejected.has(`${o.key}|${g.key}`));
    if (exact.length === 1) {
      const { steps } = compareNames(profile, names.profile(exact[0]!.key));
      return { group: exact[0]!.key, via: 'name', score: 1, reason: explain(1, steps) };
    }
    const near = names.candidates(profile);
    const candidates = rejected.size ? near.groups.filter((g) => !rejected.has(`${o.key}|${g.key}`)) : near.groups;
    // Scores from `floor` up, exact; the rest dropped. Once a name reaches the suggestion bar only
    // those scores are used, so the nearest below it are scored only for a name that reaches none.
    // A name whose ceiling is under the floor is not scored at all.
    const rankFrom = (floor: number) =>
      candidates
        .filter((g) => near.reaches(g, Math.max(floor, MATCH_THRESHOLDS.candidate)))
        .map((g) => ({ group: g, ...compareNames(profile, names.profile(g.key), floor) }))
        .filter((x) => x.score >= Math.max(floor, MATCH_THRESHOLDS.candidate))
        .sort((a, b) => b.score - a.score || a.group.key.localeCompare(b.group.key))
        .map((x): Candidate => ({ psaKey: x.group.key, psaSourceId: x.group.psaSourceId, psaName: x.group.psa.name, score: round(x.score), reason: explain(x.score, x.steps) }));
    const likely = rankFrom(MATCH_THRESHOLDS.suggest);
    const ranked = likely.length > 0 ? likely : rankFrom(MATCH_THRESHOLDS.candidate);
    const best = ranked[0];
    if (!best || best.score < MATCH_THRESHOLDS.suggest) {
      return { reason: best ? `no PSA client's name is close enough to "${o.client.name}"` : `no PSA client has a cross-reference to it or a name like "${o.client.name}"`, candidates: ranked.slice(0, MAX_CANDIDATES) };
    }
    const close = ranked.filter((x) => x.score >= MATCH_THRESHOLDS.suggest && best.score - x.score < MATCH_THRESHOLDS.margin);
    if (close.length === 1 && best.score >= MATCH_THRESHOLDS.auto) return { group: best.psaKey, via: 'name', score: best.score, reason: best.reason };
    if (close.length === 1) return { suggest: [best] };
    const tie = `name "${o.client.name}" matches ${close.length} PSA clients (${close.map((x) => x.psaName).join(', ')}) about equally; confirm which`;
    return { suggest: close.slice(0, MAX_CANDIDATES).map((x) => ({ ...x, reason: `${x.reason}; ${tie}` })) };
  }
}

function explain(score: number, steps: string[]): string {
  const lead = score >= MATCH_THRESHOLDS.auto ? 'names agree' : `names are alike (score ${round(score).toFixed(2)})`;
  return steps.length ? `${lead} after ${steps.join(' and ')}` : score >= MATCH_THRESHOLDS.auto ? `${lead} once normalized` : lead;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * PSA clients by their words (in any order), and a candidate index: every client whose name could
 * score from the candidate floor up, with a ceiling on each one's score (see candidates.ts).
 */
function nameIndex(groups: ClientGroup[]) {
  const profiles = new Map(groups.map((g) => [g.key, nameProfile(g.psa.name)]));
  const sketches = new Map(groups.map((g) => [g.key, sketch(profiles.get(g.key)!)]));
  const byWords = new Map<string, ClientGroup[]>();
  for (const g of groups) push(byWords, wordsKey(profiles.get(g.key)!), g);
  const index = candidateIndex(groups.map((g) => ({ sketch: sketches.get(g.key)!, value: g })));
  return {
    profile: (key: string): NameProfile => profiles.get(key)!,
    exact: (p: NameProfile): ClientGroup[] => byWords.get(wordsKey(p)) ?? [],
    /** The clients whose names could score from the candidate floor up, and a test of whether one could reach a floor. */
    candidates: (p: NameProfile) => {
      const s = sketch(p);
      return { groups: index.candidates(s), reaches: (g: ClientGroup, floor: number) => index.reaches(s, sketches.get(g.key)!, floor) };
    },
  };
}

const wordsKey = (p: NameProfile): string => [...p.full].sort().join(' ');

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
