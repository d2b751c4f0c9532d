import type { WorkIds, WorkList, WorkPull } from '../work';
import { mergeWork } from './merge';
import type { LaborFinding } from './model';

/**
 * Which records of an incremental night's work set must be read again by id before they can be
 * findings: the time entries and tickets tonight's findings rest on that tonight's read did not
 * return (last night's copies, which may since have been deleted in the PSA). A block-hours overage
 * rests on every entry charged to the agreement up to its period's end, not only the excess listed.
 */
export interface ToConfirm extends WorkIds {
  witnesses: { timeEntry: string | null; ticket: string | null };
}

export function recordsToConfirm(findings: readonly LaborFinding[], work: WorkPull, read: WorkPull, complete: readonly WorkList[]): ToConfirm {
  const entries = new Set<string>();
  const tickets = new Set<string>();
  for (const f of findings) {
    for (const e of f.entries) entries.add(e.externalId);
    if (f.subject.type === 'ticket') tickets.add(f.subject.externalId);
    if (f.kind === 'block-overage')
      for (const e of work.timeEntries) if (e.agreementExternalId === f.subject.externalId && e.date <= f.date) entries.add(e.externalId);
  }
  const readTonight = (list: 'timeEntries' | 'tickets') => new Set(complete.includes(list) ? work[list].map((r) => r.externalId) : read[list].map((r) => r.externalId));
  const [freshEntries, freshTickets] = [readTonight('timeEntries'), readTonight('tickets')];
  const timeEntries = [...entries].filter((id) => !freshEntries.has(id)).sort();
  const ticketIds = [...tickets].filter((id) => !freshTickets.has(id)).sort();
  return {
    timeEntries,
    tickets: ticketIds,
    witnesses: { timeEntry: witness(work.timeEntries, freshEntries, timeEntries), ticket: witness(work.tickets, freshTickets, ticketIds) },
  };
}

/** A record known to exist, to ask with the others: one read tonight, else any other of the set. */
function witness(records: ReadonlyArray<{ externalId: string }>, fresh: ReadonlySet<string>, asked: readonly string[]): string | null {
  const others = records.map((r) => r.externalId).filter((id) => !asked.includes(id));
  return others.find((id) => fresh.has(id)) ?? others[0] ?? null;
}

/** The set with what the PSA said: records it no longer has dropped, those it returned as they are now. */
export function applyConfirmed(work: WorkPull, answer: Pick<WorkPull, 'timeEntries' | 'tickets'> & { gone: WorkIds }, from: string): WorkPull {
  const [goneEntries, goneTickets] = [new Set(answer.gone.timeEntries), new Set(answer.gone.tickets)];
  const kept = { ...work, timeEntries: work.timeEntries.filter((e) => !goneEntries.has(e.externalId)), tickets: work.tickets.filter((t) => !goneTickets.has(t.externalId)) };
  return mergeWork(kept, { timeEntries: answer.timeEntries, tickets: answer.tickets, invoices: [], coverage: [] }, from, false);
}
