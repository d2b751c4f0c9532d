import * as z from 'zod';
import { SourceRole, type Finding, type Subscription } from './model';
import { suspectHold } from './trueups';

/**
 * The completeness guard. Correct paging does not make a vendor's answer complete: an outage, a
 * permission change or a narrowed API key can serve part of the data with a 200. Each source and
 * each client is compared with its own previous nights; one whose records fall off a cliff is
 * suspect for the night: its findings are shown and flagged, but it proposes no decreases and
 * resolves nothing.
 */

export interface CompletenessRules {
  /** A source is suspect when a measure falls by more than this percent of its usual value. */
  sourceDropPercent: number;
  /** A client is suspect when its devices or seats fall by more than this percent, or to zero. */
  clientDropPercent: number;
}

/** What a source delivered on one night. PSAs are measured by clients and agreements, RMMs by devices, Pax8 by seats. */
export interface SourceTally {
  clients: number;
  agreements: number;
  devices: number;
  /** Absent on nights stored before seats were recorded. */
  seats?: number;
}

export interface ClientTally {
  devices: number;
  seats: number;
}

export interface SourceTonight {
  sourceId: string;
  role: SourceRole;
  tally: SourceTally;
  /** Earlier nights this source was stored, any order; tonight excluded. */
  history: SourceTally[];
}

export interface ClientTonight {
  clientKey: string;
  clientName: string;
  /** A measure left out is not assessed tonight. */
  tally: Partial<ClientTally>;
  history: ClientTally[];
  /** Sources whose records make up this client's counts: a drop they explain is reported once, on the source. */
  sourceIds: string[];
}

export const Suspect = z.object({
  measure: z.string(),
  tonight: z.number(),
  usual: z.number(),
  /** One line a person can read: "ninja: 300 devices tonight against 2,923 usually (-90%)". */
  reason: z.string(),
});
export type Suspect = z.infer<typeof Suspect>;
export const SuspectSource = Suspect.extend({ sourceId: z.string(), role: SourceRole });
export type SuspectSource = z.infer<typeof SuspectSource>;
export const SuspectClient = Suspect.extend({ clientKey: z.string(), clientName: z.string() });
export type SuspectClient = z.infer<typeof SuspectClient>;

export interface CompletenessVerdict {
  suspectSources: SuspectSource[];
  suspectClients: SuspectClient[];
}

/**
 * How many earlier nights the baseline looks at. The median of up to a week ignores one odd night
 * and stays put through an outage of up to three nights (each of them is suspect), while a real
 * drop becomes the new usual once it has held for four of the last seven nights.
 */
export const BASELINE_NIGHTS = 7;

export function assessCompleteness(sources: SourceTonight[], clients: ClientTonight[], rules: CompletenessRules): CompletenessVerdict {
  const suspectSources: SuspectSource[] = [];
  for (const s of sources) {
    const measures: Array<keyof SourceTally> = ['clients', 'agreements', 'devices', 'seats'];
    const drop = firstDrop(measures, s.tally, s.history, (tonight, usual) => dropPercent(tonight, usual) > rules.sourceDropPercent);
    if (drop) suspectSources.push({ sourceId: s.sourceId, role: s.role, ...drop, reason: `${s.sourceId}: ${describe(drop)}` });
  }
  const suspect = new Set(suspectSources.map((s) => s.sourceId));
  const suspectClients: SuspectClient[] = [];
  for (const c of clients) {
    // A suspect source already says why every client it serves looks smaller.
    if (c.sourceIds.some((id) => suspect.has(id))) continue;
    const drop = firstDrop(['devices', 'seats'], c.tally, c.history, (tonight, usual) => tonight === 0 || dropPercent(tonight, usual) > rules.clientDropPercent);
    if (drop) suspectClients.push({ clientKey: c.clientKey, clientName: c.clientName, ...drop, reason: `${c.clientName}: ${describe(drop)}` });
  }
  return { suspectSources, suspectClients };
}

/** The first measure that fell sharply against its usual value; none on a first night or from zero. */
function firstDrop<K extends string>(
  measures: K[],
  tally: Partial<Record<K, number>>,
  history: Array<Partial<Record<K, number>>>,
  sharp: (tonight: number, usual: number) => boolean,
): Omit<Suspect, 'reason'> | null {
  for (const measure of measures) {
    const tonight = tally[measure];
    const usual = baseline(history.map((h) => h[measure]).filter((n): n is number => n !== undefined));
    if (tonight === undefined || usual === null || usual === 0 || tonight >= usual) continue;
    if (sharp(tonight, usual)) return { measure, tonight, usual };
  }
  return null;
}

/** Median of the newest nights given; null with no history. */
export function baseline(values: number[]): number | null {
  const recent = values.slice(-BASELINE_NIGHTS).sort((a, b) => a - b);
  if (recent.length === 0) return null;
  const mid = Math.floor(recent.length / 2);
  return recent.length % 2 ? recent[mid]! : Math.round((recent[mid - 1]! + recent[mid]!) / 2);
}

/** The seats a source or client is using: what the completeness guard measures a marketplace by. */
export const activeSeats = (subscriptions: ReadonlyArray<Pick<Subscription, 'status' | 'quantity'>>): number =>
  subscriptions.filter((s) => s.status === 'active').reduce((n, s) => n + s.quantity, 0);

const dropPercent = (tonight: number, usual: number) => ((usual - tonight) / usual) * 100;

function describe(d: Omit<Suspect, 'reason'>): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(d.tonight)} ${d.measure} tonight against ${n(d.usual)} usually (-${Math.round(dropPercent(d.tonight, d.usual))}%)`;
}

/**
 * Why a finding (or ledger entry) rests on suspect data, or null: its own source, a source behind
 * its count, its client, or for an unmatched organization any PSA (each PSA's client list decides it).
 */
export function suspectReason(finding: Pick<Finding, 'clientKey' | 'sourceId' | 'evidence' | 'kind'>, verdict: CompletenessVerdict): string | null {
  const sources = new Set([finding.sourceId, ...finding.evidence.map((e) => e.sourceId)]);
  const source = verdict.suspectSources.find((s) => sources.has(s.sourceId) || (finding.kind === 'unmapped' && s.role === 'psa'));
  if (source) return `suspect data from ${source.reason}`;
  const client = verdict.suspectClients.find((c) => c.clientKey === finding.clientKey);
  return client ? `suspect counts for ${client.reason}` : null;
}

/** Tonight's findings, each marked with why it is suspect when it is. */
export function flagSuspect(findings: readonly Finding[], verdict: CompletenessVerdict): Finding[] {
  return findings.map((f) => {
    const reason = suspectReason(f, verdict);
    return reason ? { ...f, suspect: reason } : f;
  });
}

/**
 * Decreases tonight's suspect findings would have asked for, held with the reason. Suspect
 * figures never reach the ledger, so they are listed from the findings themselves.
 */
export function heldDecreases(findings: readonly Finding[]): Array<{ clientKey: string; lineKey: string; reason: string }> {
  return findings.filter((f) => f.suspect && f.delta < 0 && f.line).map((f) => ({ clientKey: f.clientKey, lineKey: f.lineKey, reason: suspectHold(f.suspect!) }));
}
