import type { NightReport } from '../shared/app/reconcile-night';
import type { CollectOutcome } from './night';

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
    const state = s.state === 'fresh' ? 'ok' : `${s.state.toUpperCase()}: ${s.reason}`;
    lines.push(`  ${s.sourceId.padEnd(8)} ${s.kind.padEnd(12)} ${state}${counts ? `  ${counts}` : ''}${requests?.counts?.quarantined ? `  (${requests.counts.quarantined} quarantined)` : ''}`);
  }
  const quarantined = report.sources.flatMap((s) => s.quarantined);
  if (quarantined.length) {
    lines.push('');
    lines.push('Quarantined records (not counted)');
    for (const q of quarantined) lines.push(`  ${q.sourceId} ${q.entity} ${q.externalId ?? '(no id)'}: ${q.reason}`);
  }
  lines.push('');
  lines.push(`Unbilled now:  ${usd(report.totals.unbilledCents)}/month`);
  lines.push(`Over-billed:   ${usd(report.totals.overbilledCents)}/month (dispute risk)`);
  const k = report.findingsByKind;
  lines.push(`Findings:      ${k['under-billed']} under-billed, ${k['over-billed']} over-billed, ${k['unbilled-usage']} unbilled usage, ${k.unmapped} unmapped`);
  lines.push(`True-ups:      ${report.proposals.created} proposed tonight, ${report.proposals.blocked.length} held by safety rules`);
  lines.push(`Renewals:      ${report.renewals.length} agreements end in the renewal window (${report.evergreenSkipped} with no end date skipped)`);
  for (const r of report.renewals) lines.push(`  ${r.clientName}: ${r.agreementName} ends ${r.endDate} (${r.daysLeft} days), ${usd(r.mrrCents)}/month, risk ${r.risk.level}`);
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
