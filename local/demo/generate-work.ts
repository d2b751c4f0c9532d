import { addDays } from '../../shared/domain/dates';
import { mulberry32 } from './generate';
import type { WorldTimeEntry, WorldWork } from './work-world';
import type { DemoWorld } from './world';

/**
 * Service work at a given volume for every client of a world, deterministic for a seed: tickets
 * and ticket time spread over the days before the run date (a look-back window and a little
 * more, so the pull's date filter matters), a mix of billable statuses, invoiced, posted and
 * unbilled time, monthly invoices, and what each client's first agreement covers. Feeds the
 * connector benchmark's labor rows.
 */

export interface WorkVolume {
  seed?: number;
  /** Across all clients, per 30 days. */
  ticketsPerMonth: number;
  timeEntriesPerMonth: number;
  /** Days of work before the run date. */
  days: number;
}

const WORK_TYPES = ['Remote Support', 'Onsite Support', 'Project Work'];

export function generateWork(world: DemoWorld, volume: WorkVolume): DemoWorld {
  const rand = mulberry32(volume.seed ?? 7);
  const perClient = Math.max(1, Math.round((volume.ticketsPerMonth * volume.days) / 30 / world.clients.length));
  const entriesPerTicket = volume.timeEntriesPerMonth / volume.ticketsPerMonth;
  let ticketId = 100_000;
  let entryId = 1_000_000;
  let invoiceId = 500_000;
  for (const client of world.clients) {
    const agreementId = client.agreements[0]?.id ?? null;
    const work: WorldWork = { tickets: [], timeEntries: [], invoices: [], coverage: [] };
    if (agreementId) work.coverage.push({ agreementId, name: '', type: 'recurring', coveredWorkTypes: [WORK_TYPES[0]!], hoursAllowance: null });
    for (let m = 0; m * 30 < volume.days; m++) {
      const id = String(invoiceId++);
      const paid = m > 0;
      work.invoices.push({ id, number: `INV-${id}`, date: addDays(world.asOf, -30 * m - 1), dueDate: addDays(world.asOf, -30 * m + 29), totalCents: 50_000, paidCents: paid ? 50_000 : 0, paidDate: paid ? addDays(world.asOf, -30 * m + 20) : null });
    }
    for (let t = 0; t < perClient; t++) {
      const daysAgo = Math.floor(rand() * volume.days);
      const opened = `${addDays(world.asOf, -daysAgo)}T09:00:00Z`;
      const closed = rand() < 0.8 && daysAgo > 0;
      const id = String(ticketId++);
      work.tickets.push({
        id, agreementId, summary: `Ticket ${id}`, closed, openedAt: opened, closedAt: closed ? `${addDays(world.asOf, -daysAgo + 1)}T15:00:00Z` : null,
        billingCode: rand() < 0.9 ? WORK_TYPES[t % 3]! : null, slaBreached: rand() < 0.1, reopened: false, updatedAt: opened,
      });
      const n = Math.floor(entriesPerTicket) + (rand() < entriesPerTicket % 1 ? 1 : 0);
      const day = addDays(world.asOf, -daysAgo);
      for (let k = 0; k < n; k++) work.timeEntries.push(entry(String(entryId++), id, agreementId, day, rand, work.invoices[0]!.id));
    }
    client.work = work;
  }
  return world;
}

function entry(id: string, ticketId: string, agreementId: string | null, day: string, rand: () => number, invoiceId: string): WorldTimeEntry {
  const r = rand();
  const billable: WorldTimeEntry['billable'] = r < 0.6 ? 'billable' : r < 0.9 ? 'non-billable' : 'no-charge';
  const billed = billable === 'billable' ? rand() : 1;
  return {
    id, ticketId, agreementId, workType: WORK_TYPES[Math.floor(rand() * 3)]!, billable, hours: Math.round((0.25 + rand() * 3) * 4) / 4,
    rateCents: billable === 'billable' ? 15_000 : null, invoiceId: billed < 0.7 ? invoiceId : null, posted: billed >= 0.7 && billed < 0.8,
    date: day, updatedAt: `${day}T18:00:00Z`, worker: 'Tech', notes: '',
  };
}
