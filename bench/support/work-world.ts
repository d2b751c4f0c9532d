import { addDays } from '../../shared/domain/dates';
import { mulberry32 } from '../../local/demo/generate';
import type { DemoWorld } from '../../local/demo/world';
import type { WorldTimeEntry } from '../../local/demo/work';

/**
 * Service work for the benchmark's world: `ticketsPerMonth` tickets and `entriesPerMonth` time
 * entries a month across every PSA client with an agreement, over the 60 days before the night
 * (so the 45-day window leaves some out), a tenth of them invoiced. Deterministic for a seed.
 */
export function addWork(world: DemoWorld, opts: { entriesPerMonth: number; ticketsPerMonth: number; seed: number }): { timeEntries: number; tickets: number } {
  const rand = mulberry32(opts.seed);
  const clients = world.clients.filter((c) => c.agreements.length > 0);
  const days = 60;
  const tickets = Math.round((opts.ticketsPerMonth * days) / 30);
  const entries = Math.round((opts.entriesPerMonth * days) / 30);
  let id = 800_000;
  for (const c of clients) c.work = { timeEntries: [], tickets: [], invoices: [] };
  for (let i = 0; i < tickets; i++) {
    const c = clients[i % clients.length]!;
    const opened = addDays(world.asOf, -Math.floor(rand() * days));
    const closed = rand() < 0.8 ? addDays(opened, Math.floor(rand() * 5)) : null;
    c.work!.tickets.push({ id: String(id++), agreementId: c.agreements[0]!.id, summary: `Ticket ${i}`, openedAt: `${opened}T09:00:00Z`, closedAt: closed && closed <= world.asOf ? `${closed}T17:00:00Z` : null, billingCode: rand() < 0.7 ? 'Remote Support' : null, slaBreached: rand() < 0.1, updatedAt: `${closed ?? opened}T17:00:00Z` });
  }
  for (let i = 0; i < entries; i++) {
    const c = clients[i % clients.length]!;
    const ticket = c.work!.tickets.length ? c.work!.tickets[Math.floor(rand() * c.work!.tickets.length)]! : null;
    const date = addDays(world.asOf, -Math.floor(rand() * days));
    const billable: WorldTimeEntry['billable'] = rand() < 0.5 ? 'billable' : rand() < 0.5 ? 'no-charge' : 'non-billable';
    c.work!.timeEntries.push({
      id: String(id++), ticketId: ticket?.id ?? null, agreementId: c.agreements[0]!.id, workType: rand() < 0.8 ? 'Remote Support' : 'Project Work', billable, covered: billable === 'no-charge',
      hours: Math.round((0.25 + rand() * 3) * 4) / 4, rateCents: billable === 'billable' ? 15_000 : null, invoiceId: null, date, worker: 'tech', updatedAt: `${date}T18:00:00Z`,
    });
  }
  return { timeEntries: entries, tickets };
}
