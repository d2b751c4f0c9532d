import * as z from 'zod';
import { deliverAlerts, type AlertOutcome } from '../alerts/deliver';
import { digestMessage } from '../alerts/digest';
import { DataQuality } from '../domain/data-quality';
import { unfinishedWriteBacks } from '../approvals/recover';
import { createLinkSigner, type LinkSigner } from '../approvals/tokens';
import { addDays, dateInZone, daysBetween, weekOf } from '../domain/dates';
import { entryKey, isLive, ledgerTotals, type LedgerEntry, type LedgerTotals } from '../domain/ledger';
import { reasonText } from '../domain/reject-reasons';
import { mrrMonth, revenueMonthOfDigest } from '../domain/revenue';
import { isActive } from '../domain/suppression';
import type { DecisionRecord, DigestDataQuality, DigestModel, SourceFreshness, SuggestedMatchView, WrittenOffView } from '../mail/models';
import { renderDigest } from '../mail/render-digest';
import { loadLedger } from '../store/ledger';
import { listOpenMembers, listPairs } from '../store/matches';
import { loadMonthNights } from '../store/mrr';
import { listAudit, listNightTotals, mailSent, recordMailSent, type NightTotals } from '../store/records';
import { listSuppressions } from '../store/suppressions';
import { getRunRecord, listManifests } from '../store/snapshots';
import type { AppContext } from './context';
import { laborSectionFor } from './digest-labor';
import { mspInfo } from './msp';

const TREND_WEEKS = 8;
/** How far back to look for a source's last good night. */
const FRESHNESS_LOOKBACK_DAYS = 14;

/**
 * The owner's weekly digest: built from the ledger and the nightly totals, sent once per
 * recipient for each week and newest night however often the schedule fires (its retries find the
 * same night). A digest asked for again after a newer night (the demo's --next-night, a manual
 * invocation) is sent again, since its figures are new.
 */
export async function sendDigest(ctx: AppContext): Promise<{ weekOf: string; sentTo: string[]; model: DigestModel; alerts: AlertOutcome }> {
  const model = await buildDigest(ctx);
  // Match and revoke links name who answered, so each recipient gets their own; no links, no signing key read.
  const signer = model.suggestedMatches.length || model.writtenOff.length ? await createLinkSigner(ctx.config, ctx.secrets, ctx.now) : null;
  const sentTo: string[] = [];
  const period = `${model.weekOf}#${model.runDate}`;
  for (const to of ctx.config.recipients.owner) {
    if (await mailSent(ctx.table, 'digest', to, period)) continue;
    const email = renderDigest(signer ? withRevokeLinks(withMatchLinks(model, signer, to), signer, to) : model);
    const messageId = await ctx.mailer.send([to], email);
    await recordMailSent(ctx.table, 'digest', to, period, { messageId, at: ctx.now().toISOString(), subject: email.subject });
    sentTo.push(to);
  }
  // The summary goes to the chat channels after the emails, without signed links (they name one recipient).
  const alerts = await deliverAlerts(ctx, 'digest', period, () => digestMessage(model));
  return { weekOf: model.weekOf, sentTo, model, alerts };
}

export async function buildDigest(ctx: AppContext): Promise<DigestModel> {
  const { config, table } = ctx;
  const today = dateInZone(ctx.now(), config.msp.timeZone);
  const week = weekOf(today);
  const weekAgo = addDays(today, -7);
  const entries = await loadLedger(table);
  const history = await listNightTotals(table, addDays(week, -7 * TREND_WEEKS));
  const runDate = history.at(-1)?.runDate ?? today;
  const open = entries.filter(isLive);
  // Compared with the last night of an earlier week: the same point the trend chart shows for it.
  const previous = [...history].reverse().find((h) => weekOf(h.runDate) < week);
  const recoveredEntries = entries.filter((e) => e.status === 'resolved' && e.resolvedOn !== null && e.resolvedOn > weekAgo && e.recoveredCents > 0);

  return {
    msp: mspInfo(config),
    weekOf: week,
    runDate,
    totals: ledgerTotals(entries),
    previousTotals: previous ? totalsOf(previous) : null,
    trend: weeklyTrend(history, week),
    open: open.sort((a, b) => b.monthlyImpactCents - a.monthlyImpactCents),
    newThisWeek: open.filter((e) => e.firstSeen > weekAgo),
    recovered: { thisWeekCents: recoveredEntries.reduce((n, e) => n + e.recoveredCents, 0), entries: recoveredEntries },
    sources: await freshness(ctx, runDate, today),
    decisions: await decisionsSince(ctx, weekAgo, today),
    approvalsUrl: config.approvals.baseUrl,
    dataQuality: await dataQualityOf(ctx, runDate),
    writtenOff: await writtenOff(ctx, entries),
    labor: await laborSectionFor(ctx, runDate),
    ...(await matchQuestions(ctx, runDate)),
    ...(await lastMonthRevenue(ctx, today)),
  };
}

/** The month before's MRR picture, when this digest is the month's first issue. */
async function lastMonthRevenue(ctx: AppContext, today: string): Promise<Pick<DigestModel, 'revenue'>> {
  const month = revenueMonthOfDigest(today);
  return month ? { revenue: { month, result: mrrMonth(await loadMonthNights(ctx.table, month), month) } } : {};
}

/** The newest night's suggested matches still waiting for an answer, and the unmatched organizations' nearest candidates. */
async function matchQuestions(ctx: AppContext, runDate: string): Promise<Pick<DigestModel, 'suggestedMatches' | 'matchCandidates'>> {
  const pairs = await listPairs(ctx.table);
  const open = await listOpenMembers(ctx.table, runDate);
  return {
    suggestedMatches: pairs
      .filter((p) => p.status === 'suggested' && p.suggestedOn === runDate)
      .sort((a, b) => b.score - a.score)
      .map((p): SuggestedMatchView => ({ memberKey: p.memberKey, memberName: p.memberName, memberSourceId: p.memberSourceId, psaKey: p.psaKey, psaName: p.psaName, score: p.score, reason: p.reason, links: null })),
    matchCandidates: Object.fromEntries(open.map((o) => [o.memberKey, o.candidates.map((c) => ({ psaName: c.psaName, score: c.score }))])),
  };
}

export function withMatchLinks(model: DigestModel, signer: LinkSigner, recipient: string): DigestModel {
  return {
    ...model,
    suggestedMatches: model.suggestedMatches.map((s) => {
      const target = { memberKey: s.memberKey, psaKey: s.psaKey, recipient };
      return { ...s, links: { same: signer.link(target, 'same'), notSame: signer.link(target, 'not-same') } };
    }),
  };
}

/** Suppressed lines with the rule that wrote them off; a rule revoked since is left out (the next night re-opens its line). */
async function writtenOff(ctx: AppContext, entries: LedgerEntry[]): Promise<WrittenOffView[]> {
  const rules = new Map((await listSuppressions(ctx.table)).filter(isActive).map((r) => [entryKey(r), r]));
  return entries
    .filter((e) => e.status === 'suppressed' && rules.has(entryKey(e)))
    .sort((a, b) => Math.abs(b.monthlyImpactCents) - Math.abs(a.monthlyImpactCents))
    .map((e) => {
      const r = rules.get(entryKey(e))!;
      return { ruleKey: entryKey(r), rejectedAt: r.rejectedAt, clientName: e.clientName, product: e.product, monthlyImpactCents: e.monthlyImpactCents, reason: reasonText(r.reason), rejectedBy: r.rejectedBy, revokeUrl: null };
    });
}

export function withRevokeLinks(model: DigestModel, signer: LinkSigner, recipient: string): DigestModel {
  return { ...model, writtenOff: model.writtenOff.map((w) => ({ ...w, revokeUrl: signer.link({ ruleKey: w.ruleKey, rejectedAt: w.rejectedAt, recipient }, 'revoke') })) };
}

const RecordedQuality = z.object({
  dataQuality: DataQuality,
  sources: z.array(z.object({ sourceId: z.string(), warnings: z.array(z.string()).default([]) })),
});

/** What the night's reconcile recorded about its data; null for a night recorded before it did. */
async function dataQualityOf(ctx: AppContext, runDate: string): Promise<DigestDataQuality | null> {
  const record = await getRunRecord(ctx.table, runDate);
  if (!record?.dataQuality) return null;
  const parsed = RecordedQuality.safeParse(record);
  if (!parsed.success) {
    ctx.logger.warn('run record data quality unreadable: the digest leaves it out', { runDate, issues: parsed.error.issues.slice(0, 3) });
    return null;
  }
  return { quality: parsed.data.dataQuality, warnings: parsed.data.sources.filter((s) => s.warnings.length > 0) };
}

const totalsOf = (t: NightTotals): LedgerTotals => ({ unbilledCents: t.unbilledCents, overbilledCents: t.overbilledCents, openFindings: t.openFindings });

/** The last night of each week, oldest first. */
function weeklyTrend(history: NightTotals[], thisWeek: string): DigestModel['trend'] {
  const byWeek = new Map<string, number>();
  for (const h of history) byWeek.set(weekOf(h.runDate), h.unbilledCents);
  return [...byWeek.entries()]
    .filter(([w]) => w <= thisWeek)
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(-TREND_WEEKS)
    .map(([w, unbilledCents]) => ({ weekOf: w, unbilledCents }));
}

/**
 * Each source's state on the newest night, and when it last delivered. When no night has been
 * reconciled since before yesterday, every source is stale: old figures must not read as current.
 */
async function freshness(ctx: AppContext, runDate: string, today: string): Promise<SourceFreshness[]> {
  const nightsMissed = daysBetween(runDate, today) > 1;
  const nights = await listManifests(ctx.table, runDate, FRESHNESS_LOOKBACK_DAYS);
  return ctx.config.sources.map((s) => {
    const tonight = nights[0]!.manifest.find((m) => m.sourceId === s.id);
    const lastGood = nights.find((n) => n.manifest.some((m) => m.sourceId === s.id && m.state === 'stored'));
    if (nightsMissed)
      return { sourceId: s.id, kind: s.kind, state: 'stale' as const, lastSuccess: lastGood?.date ?? null, detail: `no night has been reconciled since ${runDate}`, quarantined: 0 };
    return {
      sourceId: s.id,
      kind: s.kind,
      state: tonight?.state === 'stored' ? 'fresh' : tonight?.state === 'failed' ? 'failed' : 'stale',
      lastSuccess: lastGood?.date ?? null,
      detail: tonight?.state === 'failed' ? (tonight.error ?? null) : tonight ? null : `no data for ${runDate}`,
      quarantined: tonight?.counts?.quarantined ?? 0,
    };
  });
}

/**
 * The week's audited decisions, and approvals whose write-back never reported: those have no
 * audit entry yet (it is written when the write-back ends), and finance must not read them as applied.
 */
async function decisionsSince(ctx: AppContext, since: string, today: string): Promise<DecisionRecord[]> {
  const months = [...new Set([since.slice(0, 7), today.slice(0, 7)])];
  const audit = (await Promise.all(months.map((m) => listAudit(ctx.table, m)))).flat();
  const unfinished = (await unfinishedWriteBacks(ctx)).map((p) => ({
    at: p.decidedAt!,
    action: 'approved',
    actor: p.decidedBy ?? 'unknown',
    clientName: p.clientName,
    product: p.product,
    outcome: 'write-back did not finish; checking tonight',
  }));
  const audited = audit
    .filter((a) => a.at.slice(0, 10) > since)
    .map((a) => ({
      at: a.at,
      action: a.action,
      actor: a.actor,
      clientName: String(a.detail.clientName ?? ''),
      product: String(a.detail.product ?? ''),
      outcome: String(a.detail.outcome ?? ''),
    }));
  return [...audited, ...unfinished];
}
