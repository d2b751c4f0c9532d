import type { NightReport } from '../shared/app/reconcile-night';
import type { CollectOutcome } from './night';
import { FINDING_KINDS, FindingKind } from '../shared/domain/model';
import { OPPORTUNITY_KINDS, type OpportunityKind } from '../shared/domain/expansion';
import { LABOR_KIND_TRAITS, LABOR_KINDS } from '../shared/domain/labor/model';

/** The short run summary `npm start` and `trueup run` print. */

const usd = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function formatSummary(report: NightReport, collected: CollectOutcome[]): string {
  const lines: string[] = [];
  lines.push(`Trueup night ${report.runDate}`);
  lines.push('');
  lines.push('Sources');
  for (const s of report.sources) {
    const c = s.counts;
    const counts = c ? [c.clients && `${c.clients} clients`, c.agreements && `${c.agreements} agreements`, c.devices && `${c.devices} devices`, c.subscriptions && `${c.subscriptions} subscriptions`].filter(Boolean).join(', ') : '';
    const requests = collected.find((x) => x.sourceId === s.sourceId);
    const suspect = report.dataQuality.suspectSources.some((x) => x.sourceId === s.sourceId);
    const state = s.state !== 'fresh' ? `${s.state.toUpperCase()}: ${s.reason}` : suspect ? 'SUSPECT' : 'ok';
    const warned = s.warnings.length ? `  (${s.warnings.length} ${s.warnings.length === 1 ? 'warning' : 'warnings'})` : '';
    lines.push(`  ${s.sourceId.padEnd(8)} ${s.kind.padEnd(12)} ${state}${counts ? `  ${counts}` : ''}${requests?.counts?.quarantined ? `  (${requests.counts.quarantined} quarantined)` : ''}${warned}`);
  }
  lines.push(...dataQualityLines(report));
  const withQuarantine = report.sources.filter((s) => s.quarantinedCount > 0);
  if (withQuarantine.length) {
    lines.push('');
    lines.push('Quarantined records (not counted)');
    for (const s of withQuarantine) {
      const listed = s.quarantined.length;
      if (listed < s.quarantinedCount) lines.push(`  ${s.sourceId}: ${s.quarantinedCount.toLocaleString('en-US')} quarantined; first ${listed} listed`);
      for (const q of s.quarantined) lines.push(`  ${q.sourceId} ${q.entity} ${q.externalId ?? '(no id)'}: ${q.reason}`);
    }
  }
  lines.push('');
  lines.push(`Unbilled now:  ${usd(report.totals.unbilledCents)}/month`);
  lines.push(`Over-billed:   ${usd(report.totals.overbilledCents)}/month (dispute risk)`);
  const by = report.totals.byStatus;
  const statuses = (Object.keys(by) as Array<keyof typeof by>).filter((st) => st !== 'resolved' && by[st].findings > 0);
  const money = (st: keyof typeof by) => [by[st].unbilledCents && `${usd(by[st].unbilledCents)} unbilled`, by[st].overbilledCents && `${usd(by[st].overbilledCents)} over-billed`].filter(Boolean).join(', ');
  lines.push(`By status:     ${statuses.map((st) => `${st} ${by[st].findings}${money(st) ? ` (${money(st)})` : ''}`).join('; ') || 'none'}`);
  lines.push(`               ${report.totals.note}`);
  if (by.suppressed.findings) lines.push(`Written off:   ${usd(by.suppressed.unbilledCents)}/month unbilled on ${by.suppressed.findings} rejected lines (revoke from the owner digest)`);
  const k = report.findingsByKind;
  lines.push(`Findings:      ${FindingKind.options.map((kind) => `${k[kind]} ${FINDING_KINDS[kind].label}`).join(', ')}`);
  lines.push(`True-ups:      ${report.proposals.created} proposed tonight, ${report.proposals.blocked.length} held by safety rules or suspect data`);
  for (const w of report.writeBacksRecovered) lines.push(`  unfinished write-back, ${w.clientName} ${w.product}: ${w.outcome}`);
  lines.push(...laborLines(report));
  const h = report.health;
  lines.push(`Health:        ${h.green} green, ${h.yellow} yellow, ${h.red} red, ${h.unknown} not enough data to score; ${report.qbrPacks} QBR packs (npx trueup qbr --client <key>)`);
  lines.push(...expansionLines(report));
  lines.push(report.mrr.recorded ? `MRR:           ${usd(report.mrr.totalCents)}/month from ${report.mrr.clients} clients (trueup report mrr)` : `MRR:           not recorded tonight: ${report.mrr.reason}`);
  lines.push(`Renewals:      ${report.renewals.length} agreements end in the renewal window (${report.evergreenSkipped} with no end date skipped)`);
  for (const r of report.renewals) lines.push(`  ${r.clientName}: ${r.agreementName} ends ${r.endDate} (${r.daysLeft} days), ${usd(r.mrrCents)}/month, risk ${r.risk.level}${r.earlyFor ? `, early: health ${r.earlyFor}` : ''}`);
  if (report.unmatched.length) {
    lines.push(`Unmatched:     ${report.unmatched.length} organizations match no PSA client`);
    for (const u of report.unmatched) lines.push(`  ${u.key} "${u.name}": ${u.reason}${u.candidates.length ? `; nearest: ${u.candidates.map((c) => `${c.psaName} (${c.score.toFixed(2)})`).join(', ')}` : ''}`);
  }
  const suggested = report.dataQuality.suggestedMatches;
  if (suggested.length) {
    lines.push(`Suggested:     ${suggested.length} name matches wait for a person's answer (links in the owner digest)`);
    for (const m of suggested) lines.push(`  ${m.memberKey} "${m.memberName}" -> ${m.psaKey} "${m.psaName}": ${m.reason}`);
  }
  return lines.join('\n');
}

/** Labor leakage: one-off dollars of work done and not billed, by kind, and the sources it could not read tonight. */
function laborLines(report: NightReport): string[] {
  const labor = report.labor;
  if (!labor) return [];
  const { open } = labor;
  const unpriced = open.unpricedHours > 0 ? `, ${open.unpricedHours} h of it without a rate (not in the amount)` : '';
  const recovered = labor.recoveredTonightCents > 0 ? `; ${usd(labor.recoveredTonightCents)} recovered tonight` : '';
  return [
    `Labor:         ${usd(open.cents)} of work done and not billed (one-off), ${open.hours} h in ${open.count} findings${unpriced}${recovered}; finance reviews them weekly`,
    ...LABOR_KINDS.filter((kind) => open.byKind[kind].count > 0).map((kind) => {
      const k = open.byKind[kind];
      return `  ${LABOR_KIND_TRAITS[kind].label}: ${k.count}, ${k.hours} h, ${usd(k.cents)}`;
    }),
    ...labor.sources.filter((s) => s.stale).map((s) => `  ${s.sourceId}: STALE, ${s.stale}`),
  ];
}

/** Opportunities by kind, apart from leakage: they are what clients could buy. */
function expansionLines(report: NightReport): string[] {
  const { opportunities, pricedCents } = report.expansion;
  if (!opportunities.length) return ['Expansion:     no opportunities signalled tonight'];
  const kinds = (Object.keys(OPPORTUNITY_KINDS) as OpportunityKind[]).flatMap((kind) => {
    const of = opportunities.filter((o) => o.kind === kind);
    return of.length ? [`  ${OPPORTUNITY_KINDS[kind].label}: ${of.reduce((n, o) => n + o.units, 0)} ${OPPORTUNITY_KINDS[kind].unit}s at ${new Set(of.map((o) => o.clientKey)).size} clients`] : [];
  });
  return [`Expansion:     ${opportunities.length} opportunities (not leakage), ${usd(pricedCents)}/month where a recipe prices them`, ...kinds];
}

/** Longest list printed per part; the report file has them all (capped at 50). */
const SHOWN = 5;

/** Suspect data, unclassified devices and source warnings, a few lines each. */
function dataQualityLines(report: NightReport): string[] {
  const q = report.dataQuality;
  const more = (shown: number, total: number, what: string) => (total > shown ? [`  …and ${total - shown} more ${what} (see --report)`] : []);
  const out: string[] = [];
  const suspect = [...q.suspectSources.map((s) => s.reason), ...q.suspectClients.map((c) => c.reason)];
  if (suspect.length) {
    out.push('', 'Suspect data (findings flagged; no decrease proposed, nothing resolved)');
    out.push(...suspect.slice(0, SHOWN).map((r) => `  ${r}`), ...more(Math.min(SHOWN, suspect.length), q.suspectSources.length + q.totals.suspectClients, 'suspect'));
  }
  if (q.unclassifiedDevices.length) {
    out.push('', `Unclassified devices (not counted): ${q.totals.unclassifiedDevices} at ${q.totals.unclassifiedClients} clients`);
    out.push(...q.unclassifiedDevices.slice(0, SHOWN).map((u) => `  ${u.clientName} (${u.sourceId}): ${u.count}, e.g. ${u.deviceNames.slice(0, 3).join(', ')}`));
    out.push(...more(Math.min(SHOWN, q.unclassifiedDevices.length), q.totals.unclassifiedClients, 'clients'));
  }
  const warnings = report.sources.flatMap((s) => s.warnings.map((w) => `  ${s.sourceId}: ${w}`));
  if (warnings.length) out.push('', 'Source warnings', ...warnings);
  return out;
}
