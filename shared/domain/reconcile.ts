import type { Recipe } from '../config/schema';
import { activeSeats, type CompletenessVerdict } from './completeness';
import { clientKey, groupBy, matchClients, type Candidate, type ClientGroup, type MatchDecision, type MatchResult, type MatchRules, type SourceClients } from './matching';
import type { Agreement, Device, Evidence, Finding, Snapshot, SourceRole, SourceStatus, Subscription } from './model';
import { countDevices, countSubscriptions, lineIsActive, lineMatches, productHasRecipe, recipeKey, subscriptionItems, type Observed } from './recipes';

/**
 * One night's reconciliation, pure: matched clients, each recipe's billed vs observed count,
 * and a finding for every gap beyond tolerance. Lines whose count comes from a stale or failed
 * source are not checked at all: a missing source never reads as "no leakage".
 */

export interface ReconcileInput {
  runDate: string;
  sources: SourceStatus[];
  recipes: Recipe[];
  matching: MatchRules;
  /** People's answers to suggested matches; config overrides and ignore still win. */
  decisions: readonly MatchDecision[];
  toleranceUnits: number;
  /** The MSP's time zone: day-based rules (last seen within N days) count its calendar days. */
  timeZone: string;
  /** Deep links into the vendors' web apps for the evidence and the agreement; none when absent. */
  links?: WebLinks;
}

/** A record's page in its source's web app, or undefined when the source has no webUrl or pattern. */
export interface WebLinks {
  agreement(sourceId: string, externalId: string): string | undefined;
  client(sourceId: string, externalId: string): string | undefined;
}

/** What this run could see; the ledger only resolves what was checked. */
export interface RunScope {
  freshSources: string[];
  /** Roles whose every source is fresh: counts from a partly missing role would mislead. */
  freshRoles: SourceRole[];
  /** What the completeness guard found suspect: fresh, but not trusted to resolve anything. Absent: nothing. */
  suspect?: CompletenessVerdict;
}

export interface ClientCounts {
  clientKey: string;
  devices: number;
  seats: number;
}

export interface ReconcileResult {
  findings: Finding[];
  match: MatchResult;
  scope: RunScope;
  /** Per client totals for the trend the vCIO's renewal alert shows. */
  counts: ClientCounts[];
  /** Lines no recipe counts: reported so a missing recipe is visible. */
  linesWithoutRecipe: number;
  /** Billed against used for each client and recipe counted tonight, gap or not (the QBR pack's seats). */
  usage: LineUsage[];
}

export interface LineUsage {
  clientKey: string;
  product: string;
  billed: number;
  observed: number;
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const fresh = input.sources.filter((s): s is Extract<SourceStatus, { state: 'fresh' }> => s.state === 'fresh');
  const scope: RunScope = {
    freshSources: fresh.map((s) => s.sourceId),
    freshRoles: (['psa', 'rmm', 'marketplace'] as const).filter((role) => {
      const ofRole = input.sources.filter((s) => s.role === role);
      return ofRole.length > 0 && ofRole.every((s) => s.state === 'fresh');
    }),
  };
  const snapshots = fresh.map((s) => s.snapshot);
  const match = matchClients(snapshots.map(toSourceClients), input.matching, input.decisions);
  const bySource = new Map(snapshots.map((s) => [s.sourceId, indexSnapshot(s)]));

  const findings: Finding[] = [];
  const counts: ClientCounts[] = [];
  const usage: LineUsage[] = [];
  let linesWithoutRecipe = 0;

  for (const group of match.groups) {
    const psa = bySource.get(group.psaSourceId)!;
    const agreements = (psa.agreements.get(group.psa.externalId) ?? []).filter((a) => a.status === 'active');
    const activeLines = agreements.flatMap((a) => a.lines.filter((l) => lineIsActive(l, input.runDate)).map((line) => ({ agreement: a, line })));
    linesWithoutRecipe += activeLines.filter(({ line }) => !input.recipes.some((r) => lineMatches(r, line))).length;
    const members = memberData(group, bySource);
    counts.push({ clientKey: group.key, devices: members.devices.length, seats: activeSeats(members.subscriptions) });

    for (const recipe of input.recipes) {
      const role = recipe.count.from;
      if (!scope.freshRoles.includes(role)) continue;
      const lines = activeLines.filter(({ line }) => lineMatches(recipe, line));
      const billed = lines.reduce((n, { line }) => n + line.quantity, 0);
      const sourcesOfRole = group.members.filter((m) => m.role === role);
      // A client with no organization in that system cannot be counted: unmatched orgs are reported instead.
      if (sourcesOfRole.length === 0) continue;
      const observed = observe(recipe, group, bySource, input);
      if (lines.length > 0 || observed.count > 0) usage.push({ clientKey: group.key, product: recipe.product, billed, observed: observed.count });
      const delta = observed.count - billed;
      if (Math.abs(delta) <= input.toleranceUnits) continue;
      if (lines.length === 0 && observed.count === 0) continue;
      // The line a true-up changes: the largest active one, so a delta never drives a line below zero.
      const target = [...lines].sort((a, b) => b.line.quantity - a.line.quantity)[0];
      const unitPriceCents = target?.line.unitPriceCents ?? recipe.listPriceCents;
      findings.push({
        clientKey: group.key,
        clientName: group.psa.name,
        lineKey: recipeKey(recipe),
        kind: lines.length === 0 ? 'unbilled-usage' : delta > 0 ? 'under-billed' : 'over-billed',
        basis: role,
        sourceId: group.psaSourceId,
        product: recipe.product,
        billed,
        observed: observed.count,
        delta,
        unitPriceCents,
        monthlyImpactCents: delta * unitPriceCents,
        evidence: observed.evidence,
        line: target
          ? {
              sourceId: group.psaSourceId,
              agreementExternalId: target.agreement.externalId,
              agreementName: target.agreement.name,
              ...optionalUrl('agreementUrl', input.links?.agreement(group.psaSourceId, target.agreement.externalId)),
              lineExternalId: target.line.externalId,
              quantity: target.line.quantity,
              writeBack: target.line.writeBack,
            }
          : null,
        ...(lines.length === 0 ? addTarget(group.psaSourceId, agreements, input.runDate) : {}),
        committedUntil: observed.committedUntil,
      });
    }
    findings.push(...unmappedProducts(group, members.subscriptions, input.recipes, bySource, input.links));
  }

  findings.push(...unmappedOrgs(match, bySource, input));
  return { findings, match, scope, counts, linesWithoutRecipe, usage };
}

/**
 * Where an add-line true-up puts a product no line bills: the active agreement whose lines bill
 * tonight, the one with the most recurring revenue when there are several (ties: the lowest id, so
 * every night picks the same). None: nothing to add to, and no proposal is made.
 */
function addTarget(sourceId: string, agreements: readonly Agreement[], runDate: string): Pick<Finding, 'addTo'> {
  const revenue = (a: Agreement) => a.billAmountCents ?? a.lines.filter((l) => lineIsActive(l, runDate)).reduce((n, l) => n + l.quantity * l.unitPriceCents, 0);
  const billing = agreements.filter((a) => a.lines.some((l) => lineIsActive(l, runDate)));
  const best = [...billing].sort((a, b) => revenue(b) - revenue(a) || a.externalId.localeCompare(b.externalId, 'en', { numeric: true }))[0];
  return best ? { addTo: { sourceId, agreementExternalId: best.externalId, agreementName: best.name } } : {};
}

function toSourceClients(s: Snapshot): SourceClients {
  return { sourceId: s.sourceId, kind: s.kind, role: s.role, clients: s.clients, devices: s.devices, subscriptions: s.subscriptions };
}

/** A snapshot's records grouped by the client they belong to, once per night: the engine stays linear. */
interface SourceIndex {
  role: SourceRole;
  agreements: Map<string, Agreement[]>;
  devices: Map<string, Device[]>;
  subscriptions: Map<string, Subscription[]>;
}

function indexSnapshot(s: Snapshot): SourceIndex {
  return {
    role: s.role,
    agreements: groupBy(s.agreements, (a) => a.clientExternalId),
    devices: groupBy(s.devices, (d) => d.clientExternalId),
    subscriptions: groupBy(s.subscriptions, (x) => x.clientExternalId),
  };
}

const devicesOf = (index: SourceIndex, clientExternalId: string): Device[] => index.devices.get(clientExternalId) ?? [];
const subscriptionsOf = (index: SourceIndex, clientExternalId: string): Subscription[] => index.subscriptions.get(clientExternalId) ?? [];

function memberData(group: ClientGroup, bySource: Map<string, SourceIndex>) {
  const devices = [];
  const subscriptions = [];
  for (const m of group.members) {
    const index = bySource.get(m.sourceId)!;
    devices.push(...devicesOf(index, m.client.externalId));
    subscriptions.push(...subscriptionsOf(index, m.client.externalId));
  }
  return { devices, subscriptions };
}

function observe(recipe: Recipe, group: ClientGroup, bySource: Map<string, SourceIndex>, input: ReconcileInput): Observed {
  const parts: Observed[] = group.members
    .filter((m) => m.role === recipe.count.from)
    .map((m) => {
      const index = bySource.get(m.sourceId)!;
      const o =
        recipe.count.from === 'rmm'
          ? countDevices(recipe, m.sourceId, devicesOf(index, m.client.externalId), input.runDate, input.timeZone)
          : countSubscriptions(recipe, m.sourceId, subscriptionsOf(index, m.client.externalId), input.runDate);
      return { ...o, evidence: linked(o.evidence, input.links?.client(m.sourceId, m.client.externalId)) };
    });
  return {
    count: parts.reduce((n, p) => n + p.count, 0),
    evidence: parts.flatMap((p) => p.evidence),
    committedUntil: parts.map((p) => p.committedUntil).filter((d): d is string => d !== null).sort().at(-1) ?? null,
  };
}

/** `{ [key]: url }` when there is a link, nothing otherwise: absent rather than undefined in what is stored. */
const optionalUrl = <K extends string>(key: K, url: string | undefined): Partial<Record<K, string>> => (url ? ({ [key]: url } as Record<K, string>) : {});

/** Evidence with the client's page in its source's web app, when there is one. */
const linked = (evidence: Evidence[], url: string | undefined): Evidence[] => evidence.map((ev) => ({ ...ev, ...optionalUrl('url', url) }));

/** Seats of a marketplace product no recipe counts: revenue nobody has decided how to bill. */
function unmappedProducts(group: ClientGroup, subscriptions: Snapshot['subscriptions'], recipes: Recipe[], bySource: Map<string, SourceIndex>, links?: WebLinks): Finding[] {
  const unmapped = subscriptions.filter((s) => s.status === 'active' && !productHasRecipe(recipes, s));
  return [...groupBy(unmapped, (s) => s.productId).entries()].map(([productId, subs]) => {
    const seats = subs.reduce((n, s) => n + s.quantity, 0);
    const sourceId = group.members.find((m) => m.client.externalId === subs[0]!.clientExternalId && bySource.get(m.sourceId)?.role === 'marketplace')?.sourceId ?? '';
    return {
      clientKey: group.key,
      clientName: group.psa.name,
      lineKey: `product:${productId}`,
      kind: 'unmapped' as const,
      basis: 'marketplace' as const,
      sourceId: group.psaSourceId,
      product: subs[0]!.productName,
      billed: 0,
      observed: seats,
      delta: seats,
      unitPriceCents: 0,
      monthlyImpactCents: 0,
      evidence: linked([{ sourceId, ids: subs.map((s) => s.externalId).sort(), rule: `${seats} active seats of a product no recipe maps to a PSA line`, items: subscriptionItems(subs) }], links?.client(sourceId, subs[0]!.clientExternalId)),
      line: null,
      committedUntil: null,
    };
  });
}

/**
 * An organization in the RMM or Pax8 that matches no PSA client, priced at the recipes' list
 * prices. A suggested match counts here too until a person confirms it: its usage is not
 * reconciled yet.
 */
function unmappedOrgs(match: MatchResult, bySource: Map<string, SourceIndex>, input: ReconcileInput): Finding[] {
  const suggested = [...groupBy(match.suggested, (s) => s.key).values()].map((tied) => ({
    ...tied[0]!,
    reason: `suggested match with ${tied.map((s) => `${s.candidate.psaName} (${s.candidate.psaKey})`).join(' or ')}, waiting for a person to confirm`,
    candidates: [],
  }));
  return [...match.unmatched, ...suggested].map((u) => {
    const index = bySource.get(u.sourceId)!;
    const recipes = input.recipes.filter((r) => r.count.from === u.role);
    const observed = recipes.map((r) =>
      r.count.from === 'rmm'
        ? { r, o: countDevices(r, u.sourceId, devicesOf(index, u.client.externalId), input.runDate, input.timeZone) }
        : { r, o: countSubscriptions(r, u.sourceId, subscriptionsOf(index, u.client.externalId), input.runDate) },
    );
    const units = observed.reduce((n, x) => n + x.o.count, 0);
    const value = observed.reduce((n, x) => n + x.o.count * x.r.listPriceCents, 0);
    return {
      clientKey: clientKey(u.sourceId, u.client.externalId),
      clientName: u.client.name,
      lineKey: 'org',
      kind: 'unmapped' as const,
      basis: u.role,
      sourceId: u.sourceId,
      product: u.role === 'rmm' ? 'RMM organization' : 'Marketplace company',
      billed: 0,
      observed: units,
      delta: units,
      unitPriceCents: 0,
      monthlyImpactCents: value,
      evidence: linked(
        [...observed.filter((x) => x.o.count > 0).flatMap((x) => x.o.evidence), { sourceId: u.sourceId, ids: [u.client.externalId], rule: `unmatched: ${u.reason}${nearest(u.candidates)}`, items: [] }],
        input.links?.client(u.sourceId, u.client.externalId),
      ),
      line: null,
      committedUntil: null,
    };
  });
}


const nearest = (candidates: Candidate[]): string =>
  candidates.length ? `; nearest PSA clients: ${candidates.map((c) => `${c.psaName} (${c.score.toFixed(2)})`).join(', ')}` : '';
