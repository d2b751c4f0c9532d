import { plural } from './format';
import type { DigestDataQuality } from './models';

/**
 * The digest's "Data quality" part as plain sentences, which the digest view lays out as lists:
 * what the newest night could not trust or count, and why.
 */

/** Longest list shown per part; the rest is summed in one closing line. */
const MAX_LINES = 15;

export interface QualityPart {
  heading: string;
  lines: string[];
  note: string | null;
}

export const SUSPECT_NOTE =
  'The figures here do not take this data in: they stay as the last nights that looked whole showed them, no decrease was proposed from it and nothing it touches was marked resolved. Counts back to normal on a later night clear it.';

/** The suspect sources and clients, for the notice at the top; empty when there are none. */
export function suspectLines(d: DigestDataQuality | null): string[] {
  if (!d) return [];
  const q = d.quality;
  const clients = q.suspectClients.map((c) => c.reason);
  return [...q.suspectSources.map((s) => s.reason), ...cap(clients, q.totals.suspectClients, (rest) => `${plural(rest, 'more client')} with counts that fell sharply`)];
}

export function qualityParts(d: DigestDataQuality | null): QualityPart[] {
  if (!d) return [];
  const q = d.quality;
  const parts: QualityPart[] = [];
  const suspect = suspectLines(d);
  if (suspect.length) parts.push({ heading: 'Suspect data', lines: suspect, note: SUSPECT_NOTE });
  if (q.unclassifiedDevices.length) {
    const lines = q.unclassifiedDevices.map((u) => `${u.clientName} (${u.sourceId}): ${plural(u.count, 'device')}, e.g. ${u.deviceNames.slice(0, 3).join(', ')}`);
    parts.push({
      heading: `Devices the RMM did not classify (${plural(q.totals.unclassifiedDevices, 'device')} at ${plural(q.totals.unclassifiedClients, 'client')})`,
      lines: cap(lines, q.totals.unclassifiedClients, (rest) => `${plural(rest, 'more client')}: see the run report`),
      note: 'No recipe counts a device without a class, so none of these is in any figure here. Set the device class in the RMM.',
    });
  }
  const quarantined = q.quarantined.counts.reduce((n, c) => n + c.count, 0);
  if (quarantined) {
    parts.push({
      heading: `Quarantined records (${quarantined})`,
      lines: q.quarantined.counts.map((c) => `${c.sourceId}: ${plural(c.count, `${c.entity} record`)}`),
      note: 'They failed validation and are not counted anywhere; the run report lists each with the reason.',
    });
  }
  const warnings = d.warnings.flatMap((s) => s.warnings.map((w) => `${s.sourceId}: ${w}`));
  if (warnings.length) parts.push({ heading: `Source warnings (${warnings.length})`, lines: cap(warnings, warnings.length, (rest) => plural(rest, 'more warning')), note: null });
  return parts;
}

export const ALL_CLEAR = 'Every source looked complete against its previous nights, every device had a class and every record was valid.';

/** The first lines, and one closing line summing what was cut (of `total`, which may exceed the lines kept). */
function cap(lines: string[], total: number, rest: (n: number) => string): string[] {
  const shown = lines.slice(0, MAX_LINES);
  return total > shown.length ? [...shown, `\u2026and ${rest(total - shown.length)}`] : shown;
}
