import { flagSuspect, heldDecreases } from '../domain/completeness';
import { DATA_QUALITY_CAP, describeDataQuality, type DataQuality } from '../domain/data-quality';
import { recoverWriteBacks, type RecoveredWriteBack } from '../approvals/recover';
import { addDays } from '../domain/dates';
import { entryKey, isLeakage, isLive, isOverBilling, ledgerTotals, mergeLedger, type LedgerEntry, type MergeResult, type StatusTotals } from '../domain/ledger';
import type { Candidate, ClientGroup, MatchResult } from '../domain/matching';
import { FINDING_KINDS, ROLE_OF, type Finding, type FindingStatus, type QuarantinedRecord, type RenewalAlert, type Snapshot, type SourceStatus } from '../domain/model';
import { reconcile } from '../domain/reconcile';
import { assessRenewalRisk, type Commitment, type RenewalRisk } from '../domain/renewal-risk';
import { renewalsInWindow } from '../domain/renewals';
import { HealthColour, type HealthScore } from '../domain/health/score';
import { mrrTonight } from '../domain/revenue';
import { expansionForNight, type Opportunity } from '../domain/expansion';
import { applySuppressions } from '../domain/suppression';
import { LIVE_STATUSES, nextProposalId, proposeTrueUps, type Blocked, type Proposal } from '../domain/trueups';
import type { RenewalAlertModel } from '../mail/models';
import { loadLedgerState, putLedgerNight, saveLedgerEntries } from '../store/ledger';
import { putMrrNight } from '../store/mrr';
import { putNightOutbox } from '../store/night-outbox';
import { decisionsOf, loadPairs, recordOpenMembers, recordSuggestions, type PairState } from '../store/matches';
import { createProposal } from '../store/proposals';
import { listSuppressions } from '../store/suppressions';
import { listClientCounts, putClientCounts, putNightTotals, recordRenewalAlert } from '../store/records';
import { claimReconcile, completeClaim, getManifest, getSnapshot, putRunRecord, type ManifestEntry } from '../store/snapshots';
import { webLinksFor } from '../connectors/web-links';
import { assessNight } from './completeness';
import { laborRunRecord, reconcileLabor } from './reconcile-labor';
import type { LaborReport } from '../domain/labor/report';
import { clientExtras, type ClientExtras } from './client-extras';
import { fileQbrPacks, HEALTH_LOOKBACK_DAYS, scoreHealthNight, type HealthNightResult } from './health-night';
import type { AppContext } from './context';
import { mspInfo } from './msp';
import { timed, timedSync } from '../timings';

/**
 * Reconcile one night once every source has reported (or at the deadline, with the missing
 * ones marked stale), then file findings in the ledger, propose true-ups, and raise renewal
 * alerts. Running it twice for the same night changes nothing.
 */

export interface SourceReport {
  sourceId: string;
  kind: string;
  role: string;
  state: SourceStatus['state'];
  reason: string | null;
  counts: { clients: number; agreements: number; devices: number; subscriptions: number } | null;
  /** Every record the source quarantined tonight; `quarantined` lists the first QUARANTINE_LISTED. */
  quarantinedCount: number;
  quarantined: QuarantinedRecord[];
  /** Degradations the source reported that did not stop its pull. */
  warnings: string[];
}

/** A summary lists this many quarantined records per source; the full list stays in the snapshot. */
export const QUARANTINE_LISTED = 200;

export interface NightReport {
  runDate: string;
  sources: SourceReport[];
  /** Summed over `findings` and `carried` by status; `totals.note` says which statuses the headline adds. */
  totals: StatusTotals;
  /**
   * Tonight's findings, each with its ledger status; those resting on suspect data carry `suspect`
   * with the reason and the ledger's last trusted figures (or, when the ledger has none, tonight's
   * figures with status held: not counted until the data is confirmed).
   */
  findings: ReportFinding[];
  /** Live or written-off ledger entries tonight did not see (their source was not checked): still in the totals. */
  carried: ReportFinding[];
  findingsByKind: Record<Finding['kind'], number>;
  renewals: Array<RenewalAlert & { risk: RenewalRisk; newAlert: boolean }>;
  evergreenSkipped: number;
  /** Matched clients by health colour tonight (unknown: too little data to score). */
  health: Record<HealthColour, number>;
  /** QBR packs stored tonight, one per matched client. */
  qbrPacks: number;
  proposals: { created: number; blocked: Array<{ clientKey: string; lineKey: string; reason: string }> };
  /** Approvals whose write-back never reported, settled tonight from the PSA line. */
  writeBacksRecovered: RecoveredWriteBack[];
  unmatched: Array<{ key: string; name: string; reason: string; candidates: Candidate[] }>;
  linesWithoutRecipe: number;
  /** Tonight's MRR (shared/domain/revenue), or why it was not recorded. */
  mrr: { recorded: true; totalCents: number; clients: number; notes: string[] } | { recorded: false; reason: string };
  /**
   * Expansion opportunities for the vCIO (shared/domain/expansion): what clients could buy, never
   * leakage, never in `totals`. `pricedCents` sums those a recipe prices; the rest are listed unpriced.
   */
  expansion: { opportunities: Opportunity[]; pricedCents: number };
  /** Suspect data, unclassified devices, quarantine counts, and names close enough to ask a person about (their usage stays unmapped until confirmed). */
  dataQuality: DataQuality & { suggestedMatches: SuggestedMatch[] };
  /** Labor leakage (one-off $, apart from the $/month totals) and the effective billable rate per client; absent when no PSA reads its work. */
  labor?: LaborReport;
}

export type ReportFinding = Finding & { status: FindingStatus };

export interface SuggestedMatch {
  memberKey: string;
  memberName: string;
  sourceId: string;
  psaKey: string;
  psaName: string;
  score: number;
  reason: string;
}

export type ReconcileOutcome = { state: 'waiting'; missing: string[] } | { state: 'duplicate' } | { state: 'done'; report: NightReport };

export async function reconcileNight(ctx: AppContext, runDate: string, opts: { deadline: boolean }): Promise<ReconcileOutcome> {
  const { config, table, timings } = ctx;
  const manifest = await timed(timings, 'read manifest, claim', () => getManifest(table, runDate));
  const reported = new Map(manifest.map((m) => [m.sourceId, m]));
  const missing = config.sources.filter((s) => !reported.has(s.id)).map((s) => s.id);
  if (missing.length > 0 && !opts.deadline) return { state: 'waiting', missing };
  const signature = [...manifest.map((m) => `${m.sourceId}:${m.state}:${m.at}`).sort(), ...missing.map((id) => `${id}:missing`)].join('|');
  const claim = await timed(timings, 'read manifest, claim', () => claimReconcile(table, runDate, signature, ctx.now()));
  if (!claim) return { state: 'duplicate' };

  const statuses = await timed(timings, 'load snapshots', () => loadSources(ctx, runDate, reported));

  // Settled before the merge: a write-back found not to have landed re-opens its finding tonight.
  // The ledger is read once; again only when a settled write-back changed an entry.
  const ledgerRead = await timed(timings, 'read ledger', () => loadLedgerState(table));
  const writeBacksRecovered = await timed(timings, 'recover write-backs', () => recoverWriteBacks(ctx, ledgerRead.entries));
  const settled = writeBacksRecovered.some((w) => w.status !== 'WRITING');
  const pairState = await timed(timings, 'read match decisions', () => loadPairs(table));
  const decisions = decisionsOf(pairState.pairs);
  const result = timedSync(timings, 'engine', () =>
    reconcile({ runDate, sources: statuses, recipes: config.recipes, matching: config.matching, decisions, toleranceUnits: config.tolerances.units, timeZone: config.msp.timeZone, links: webLinksFor(config.sources) }),
  );
  const suggestedMatches = await timed(timings, 'write match questions', () => fileMatchQuestions(ctx, runDate, result.match, pairState));
  const fresh = statuses.flatMap((s) => (s.state === 'fresh' ? [s.snapshot] : []));
  const verdict = await timed(timings, 'completeness (history reads)', () => assessNight(ctx, runDate, { fresh, counts: result.counts, groups: result.match.groups, scope: result.scope }));
  const findings = flagSuspect(result.findings, verdict);
  const scope = { ...result.scope, suspect: verdict };
  const previous = settled ? await timed(timings, 'read ledger', () => loadLedgerState(table)) : ledgerRead;
  const merged = timedSync(timings, 'merge ledger', () => mergeLedger(previous.entries, findings, runDate, scope, previous.night));
  // Written-off lines are settled before proposing, so a rejected gap is never proposed again.
  const ruled = applySuppressions(merged.entries, await timed(timings, 'read suppressions', () => listSuppressions(table)));
  const { proposals, blocked } = proposeTrueUps(ruled, runDate, config.safety);
  let created = 0;
  const proposed = new Map<string, string>();
  await timed(timings, 'write proposals', async () => {
    for (const p of proposals) {
      const id = await fileProposal(table, p);
      if (id.created) created++;
      proposed.set(`${p.clientKey}#${p.lineKey}`, id.id);
    }
  });
  const entries = settleStatuses(ruled, proposed, blocked);
  await timed(timings, 'write ledger', async () => {
    await saveLedgerEntries(table, changedEntries(merged, entries), merged.night);
    if (merged.night !== previous.night) await putLedgerNight(table, merged.night);
  });

  await timed(timings, 'write client counts', () => putClientCounts(table, runDate, result.counts));
  const groups = result.match.groups;
  const mrr = timedSync(timings, 'mrr', () => mrrTonight({ runDate, fresh, groups, recipes: config.recipes, counts: result.counts, freshRoles: scope.freshRoles, suspect: verdict }));
  if (mrr.recorded) await timed(timings, 'write mrr', () => putMrrNight(table, mrr.night));
  const opportunities = timedSync(timings, 'expansion signals', () => expansionForNight(groups, fresh, config.recipes, config.expansion, runDate));
  const health = await timed(timings, 'client health', () => scoreHealthNight(ctx, { runDate, fresh, groups, ledger: entries, counts: result.counts }));
  const extras = clientExtras({ groups, fresh, recipes: config.recipes, runDate }, opportunities);
  const renewals = await timed(timings, 'renewals', () => raiseRenewals(ctx, runDate, fresh, groups, entries, health, extras));
  const qbrPacks = await timed(timings, 'qbr packs', () => fileQbrPacks(ctx, { runDate, fresh, groups, usage: result.usage }, health, extras));
  const labor = await timed(timings, 'labor', () => reconcileLabor(ctx, runDate, statuses));
  const rows = reportRows(findings, entries);
  const totals = ledgerTotals([...rows.findings, ...rows.carried]);
  await timed(timings, 'write run record', () => putNightTotals(table, { runDate, unbilledCents: totals.unbilledCents, overbilledCents: totals.overbilledCents, openFindings: totals.openFindings }));

  const report: NightReport = {
    runDate,
    sources: statuses.map(sourceReport),
    totals,
    ...rows,
    findingsByKind: countKinds(findings),
    renewals: renewals.alerts,
    evergreenSkipped: renewals.evergreenSkipped,
    health: colourCounts(health.scores.values()),
    qbrPacks,
    proposals: { created, blocked: blockedRows(blocked, findings) },
    writeBacksRecovered,
    unmatched: result.match.unmatched.map((u) => ({ key: u.key, name: u.client.name, reason: u.reason, candidates: u.candidates })),
    linesWithoutRecipe: result.linesWithoutRecipe,
    expansion: { opportunities, pricedCents: opportunities.reduce((n, o) => n + (o.monthlyCents ?? 0), 0) },
    mrr: mrr.recorded ? { recorded: true, totalCents: mrr.night.clients.reduce((n, c) => n + c.cents, 0), clients: mrr.night.clients.length, notes: mrr.night.notes } : mrr,
    dataQuality: { ...describeDataQuality({ verdict, snapshots: fresh, groups: result.match.groups, unmatched: result.match.unmatched }), suggestedMatches },
    ...(labor ? { labor } : {}),
  };
  await timed(timings, 'write run record', () => putRunRecord(table, runDate, {
    at: ctx.now().toISOString(),
    sources: report.sources.map(({ quarantined: _listed, quarantinedCount, ...s }) => ({ ...s, quarantined: quarantinedCount })),
    totals,
    findingsByKind: report.findingsByKind,
    renewalsInWindow: report.renewals.length,
    ...(labor ? { labor: laborRunRecord(labor) } : {}),
    // One item (400 KB): every suggested pair is stored under MATCHES already; the record keeps the first and the count.
    dataQuality: { ...report.dataQuality, suggestedMatches: suggestedMatches.slice(0, DATA_QUALITY_CAP), suggestedMatchesTotal: suggestedMatches.length },
  }));
  await timed(timings, 'write run record', async () => {
    await putNightOutbox(table, runDate, claim, { proposalIds: [...proposed.values()], renewals: renewals.alerts.map((a) => ({ agreementKey: a.agreementKey, endDate: a.endDate })) });
    await completeClaim(table, runDate, claim);
  });
  await ctx.events.publish('FindingsUpdated', { runDate });
  return { state: 'done', report };
}

/**
 * Tonight's status of each entry: proposed when a proposal was filed, held when a safety rule or
 * suspect data blocked it, open again when neither (a hold that has lifted is proposed tonight).
 */
function settleStatuses(entries: LedgerEntry[], proposed: Map<string, string>, blocked: Blocked[]): LedgerEntry[] {
  const held = new Set(blocked.map((b) => entryKey(b.entry)));
  return entries.map((e) => {
    const id = proposed.get(entryKey(e));
    if (id) return { ...e, status: 'proposed', proposalId: id };
    if (e.status === 'open' || e.status === 'held') return { ...e, status: held.has(entryKey(e)) ? 'held' : 'open' };
    return e;
  });
}

/** What a store writes: what the merge changed, and whatever tonight's rules, proposals and holds moved since. */
function changedEntries(merged: MergeResult, entries: LedgerEntry[]): LedgerEntry[] {
  const before = new Map(merged.entries.map((e) => [entryKey(e), e]));
  const changed = new Set(merged.changed.map(entryKey));
  return entries.filter((e) => changed.has(entryKey(e)) || JSON.stringify(before.get(entryKey(e))) !== JSON.stringify(e));
}

/**
 * The report's rows, the ones its totals add up: tonight's findings with their ledger status and
 * figures, and the ledger entries tonight did not see. A suspect finding the ledger does not hold
 * is listed as held, with tonight's (untrusted) figures, and so is not counted.
 */
function reportRows(findings: Finding[], entries: LedgerEntry[]): Pick<NightReport, 'findings' | 'carried'> {
  const byKey = new Map(entries.map((e) => [entryKey(e), e]));
  const seen = new Set(findings.map(entryKey));
  const filed = (e: LedgerEntry | undefined) => e !== undefined && e.status !== 'resolved';
  return {
    findings: findings.map((f) => {
      const e = byKey.get(entryKey(f));
      if (!filed(e)) return { ...f, status: 'held' as const };
      return { ...f, kind: e!.kind, billed: e!.billed, observed: e!.observed, delta: e!.delta, unitPriceCents: e!.unitPriceCents, monthlyImpactCents: e!.monthlyImpactCents, status: e!.status };
    }),
    carried: entries.filter((e) => filed(e) && !seen.has(entryKey(e))),
  };
}

/** Every configured source's state tonight, with its snapshot when it stored one. */
function loadSources(ctx: AppContext, runDate: string, reported: Map<string, ManifestEntry>): Promise<SourceStatus[]> {
  return Promise.all(
    ctx.config.sources.map(async (source): Promise<SourceStatus> => {
      const base = { sourceId: source.id, kind: source.kind, role: ROLE_OF[source.kind] };
      const m = reported.get(source.id);
      const snapshot = m?.state === 'stored' ? await getSnapshot(ctx.table, source.id, runDate, ctx.timings) : null;
      if (snapshot) return { ...base, state: 'fresh', snapshot };
      if (m?.state === 'failed') return { ...base, state: 'failed', reason: m.error ?? 'failed' };
      return { ...base, state: 'stale', reason: 'no snapshot arrived by the reconcile deadline' };
    }),
  );
}

/** Safety holds from the ledger, and the decreases suspect findings would have asked for; one row per line. */
function blockedRows(blocked: Blocked[], findings: Finding[]): NightReport['proposals']['blocked'] {
  const held = heldDecreases(findings);
  const heldKeys = new Set(held.map(entryKey));
  return [...blocked.filter((b) => !heldKeys.has(entryKey(b.entry))).map((b) => ({ clientKey: b.entry.clientKey, lineKey: b.entry.lineKey, reason: b.reason })), ...held];
}

function sourceReport(s: SourceStatus): SourceReport {
  const snap = s.state === 'fresh' ? s.snapshot : null;
  return {
    sourceId: s.sourceId,
    kind: s.kind,
    role: s.role,
    state: s.state,
    reason: s.state === 'fresh' ? null : s.reason,
    counts: snap ? { clients: snap.clients.length, agreements: snap.agreements.length, devices: snap.devices.length, subscriptions: snap.subscriptions.length } : null,
    quarantinedCount: snap?.quarantined.length ?? 0,
    quarantined: snap?.quarantined.slice(0, QUARANTINE_LISTED) ?? [],
    warnings: snap?.warnings ?? [],
  };
}

/** Hops past ids taken by decided proposals (a re-run after a failed write-back) to a free or live one. */
async function fileProposal(table: AppContext['table'], p: Proposal): Promise<{ id: string; created: boolean }> {
  for (let candidate = p, hops = 0; hops < 20; hops++, candidate = { ...candidate, id: nextProposalId(candidate.id) }) {
    const outcome = await createProposal(table, candidate);
    if (outcome === 'created') return { id: candidate.id, created: true };
    if (LIVE_STATUSES.includes(outcome)) return { id: candidate.id, created: false };
  }
  throw new Error(`no free proposal id for ${p.clientKey} ${p.lineKey} after 20 re-proposals in one night`);
}

/** Stores tonight's suggested pairs (for their links) and unmatched organizations (for the digest). */
async function fileMatchQuestions(ctx: AppContext, runDate: string, match: MatchResult, stored: PairState): Promise<SuggestedMatch[]> {
  const pairs = match.suggested.map((s) => ({
    memberKey: s.key,
    memberName: s.client.name,
    memberSourceId: s.sourceId,
    psaKey: s.candidate.psaKey,
    psaName: s.candidate.psaName,
    psaSourceId: s.candidate.psaSourceId,
    score: s.candidate.score,
    reason: s.candidate.reason,
    suggestedOn: runDate,
  }));
  await recordSuggestions(ctx.table, pairs, runDate, stored);
  await recordOpenMembers(
    ctx.table,
    match.unmatched.map((u) => ({ memberKey: u.key, memberName: u.client.name, memberSourceId: u.sourceId, reason: u.reason, candidates: u.candidates, seenOn: runDate })),
  );
  return pairs.map(({ memberKey, memberName, memberSourceId, psaKey, psaName, score, reason }) => ({ memberKey, memberName, sourceId: memberSourceId, psaKey, psaName, score, reason }));
}

/** Every kind the traits table knows, counted, so a new kind is never missing from the report. */
function countKinds(findings: Finding[]): Record<Finding['kind'], number> {
  const out = Object.fromEntries(Object.keys(FINDING_KINDS).map((k) => [k, 0])) as Record<Finding['kind'], number>;
  for (const f of findings) out[f.kind]++;
  return out;
}

const RENEWALS_AT_ONCE = 10;

function colourCounts(scores: Iterable<HealthScore>): Record<HealthColour, number> {
  const out = Object.fromEntries(HealthColour.options.map((c) => [c, 0])) as Record<HealthColour, number>;
  for (const s of scores) out[s.colour]++;
  return out;
}

/** Every agreement in the window (earlier for red and yellow clients), with its risk; stored once per term for notify to send. */
async function raiseRenewals(ctx: AppContext, runDate: string, fresh: Snapshot[], groups: ClientGroup[], entries: LedgerEntry[], health: HealthNightResult, extras: (clientKey: string) => ClientExtras) {
  const { config, table } = ctx;
  const psa = fresh.filter((s) => s.role === 'psa');
  const colourOf = (clientKey: string) => health.scores.get(clientKey)?.colour;
  const { alerts, evergreenSkipped } = renewalsInWindow(psa, groups, runDate, config.renewals, config.recipients.vcio, webLinksFor(config.sources), colourOf);
  const groupOf = new Map(groups.map((g) => [g.key, g]));
  const assess = async (alert: (typeof alerts)[number]): Promise<NightReport['renewals'][number]> => {
    const open = entries.filter((e) => e.clientKey === alert.clientKey && isLive(e));
    const trend = health.countTrends.get(alert.clientKey) ?? (await listClientCounts(table, alert.clientKey, addDays(runDate, -HEALTH_LOOKBACK_DAYS)));
    const score = health.scores.get(alert.clientKey);
    const signals = {
      trend,
      openLeakage: open.filter(isLeakage),
      overBilling: open.filter(isOverBilling),
      unmapped: open.filter((e) => e.kind === 'unmapped'),
      commitments: commitmentsNear(groupOf.get(alert.clientKey), fresh, alert.endDate),
      ...(score ? { health: score } : {}),
    };
    const risk = assessRenewalRisk(signals);
    const { health: _score, ...shown } = signals;
    const model: RenewalAlertModel = {
      msp: mspInfo(config),
      alert,
      risk,
      ...shown,
      ...extras(alert.clientKey),
      ...(score ? { health: { score, trend: health.healthTrends.get(alert.clientKey) ?? [] } } : {}),
      qbr: { clientKey: alert.clientKey, runDate },
    };
    const newAlert = await recordRenewalAlert(table, alert.agreementKey, alert.endDate, {
      agreementKey: alert.agreementKey,
      endDate: alert.endDate,
      alertedOn: runDate,
      status: 'pending',
      model,
    });
    return { ...alert, risk, newAlert };
  };
  // A few alerts at a time: each is two round trips of its own (its trend, its term's item), in order.
  const out: NightReport['renewals'] = [];
  for (let i = 0; i < alerts.length; i += RENEWALS_AT_ONCE) out.push(...(await Promise.all(alerts.slice(i, i + RENEWALS_AT_ONCE).map(assess))));
  return { alerts: out, evergreenSkipped };
}

/** Pax8 commitments ending within 60 days either side of the agreement's end. */
function commitmentsNear(group: ClientGroup | undefined, fresh: Snapshot[], endDate: string): Commitment[] {
  if (!group) return [];
  const from = addDays(endDate, -60);
  const to = addDays(endDate, 60);
  const out: Commitment[] = [];
  for (const m of group.members.filter((x) => x.role === 'marketplace')) {
    const snap = fresh.find((s) => s.sourceId === m.sourceId);
    for (const s of snap?.subscriptions ?? []) {
      if (s.clientExternalId !== m.client.externalId || s.status !== 'active' || !s.commitmentEndDate) continue;
      if (s.commitmentEndDate >= from && s.commitmentEndDate <= to) out.push({ product: s.productName, seats: s.quantity, endDate: s.commitmentEndDate });
    }
  }
  return out.sort((a, b) => a.endDate.localeCompare(b.endDate));
}
