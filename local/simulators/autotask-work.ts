import { z } from 'zod';
import type { DemoWorld } from '../demo/world';
import type { WorldCoverage } from '../demo/work-world';
import { lowerKeys, type AtRecord } from './autotask-query';
import type { SimResponse } from './harness';
import { workerIds } from './workers';

/**
 * The world's service work in Autotask's entities: Tickets, ticket TimeEntries, the BillingItems
 * that posting creates (invoiceID once invoiced), Invoices, work-type BillingCodes, and contract
 * coverage as Autotask keeps it: billing codes excluded by the contract or by its exclusion set,
 * and ContractBlocks for prepaid hours.
 */

export type AutotaskWorkEntity =
  | 'TimeEntries'
  | 'Tickets'
  | 'BillingItems'
  | 'Invoices'
  | 'BillingCodes'
  | 'ContractBlocks'
  | 'ContractExclusionBillingCodes'
  | 'ContractExclusionSetExcludedWorkTypes';
export type WorkEntities = Record<AutotaskWorkEntity, AtRecord[]>;

const stamp = (date: string) => `${date}T00:00:00Z`;
/** [I] ContractType picklist values. */
const CONTRACT_TYPE: Record<WorldCoverage['type'], number> = { recurring: 7, block: 4, 'time-and-materials': 1 };
const COMPLETE = 5;
const NEW = 1;

/**
 * Renders every Autotask client's work; contracts only the work knows (a block of hours) are added
 * to `contracts`, and who did it to `resources` (ResourceModel's firstName, lastName [V]).
 */
export function renderAutotaskWork(world: DemoWorld, contracts: AtRecord[], resources: AtRecord[]): WorkEntities {
  const out: WorkEntities = {
    TimeEntries: [], Tickets: [], BillingItems: [], Invoices: [], BillingCodes: [], ContractBlocks: [], ContractExclusionBillingCodes: [], ContractExclusionSetExcludedWorkTypes: [],
  };
  const clients = world.clients.filter((c) => c.psa.vendor === 'autotask' && c.work);
  const codeIds = new Map<string, number>();
  const code = (name: string | null) => {
    if (name === null) return null;
    if (!codeIds.has(name)) codeIds.set(name, 29_682_800 + codeIds.size);
    return codeIds.get(name)!;
  };
  for (const w of clients.map((c) => c.work!)) {
    for (const e of w.timeEntries) code(e.workType);
    for (const t of w.tickets) code(t.billingCode);
    for (const c of w.coverage) for (const name of c.coveredWorkTypes ?? []) code(name);
  }
  for (const [name, id] of codeIds) out.BillingCodes.push({ id, name, useType: 1, isActive: true, billingCodeType: 0 });

  const workers = workerIds(world, 'autotask', 29_684_000);
  for (const [name, id] of workers) {
    const [firstName, ...last] = name.split(' ');
    resources.push({ id, firstName, lastName: last.join(' '), userName: name.replace(/\s+/g, '.').toLowerCase(), isActive: true, resourceType: 'Employee' });
  }

  let itemId = 77_000_000;
  for (const client of clients) {
    const companyID = Number(client.psa.id);
    const work = client.work!;
    for (const t of work.tickets)
      out.Tickets.push({
        id: Number(t.id), companyID, contractID: t.agreementId === null ? null : Number(t.agreementId), ticketNumber: `T${t.openedAt.slice(0, 10).replace(/-/g, '')}.${t.id}`,
        title: t.summary, status: t.closed ? COMPLETE : NEW, createDate: t.openedAt, completedDate: t.closedAt, billingCodeID: code(t.billingCode),
        serviceLevelAgreementHasBeenMet: t.slaBreached === null ? null : !t.slaBreached, lastTrackedModificationDateTime: t.updatedAt,
      });
    for (const e of work.timeEntries) {
      out.TimeEntries.push({
        id: Number(e.id), ticketID: Number(e.ticketId), contractID: e.agreementId === null ? null : Number(e.agreementId), billingCodeID: code(e.workType),
        resourceID: workers.get(e.worker) ?? null, dateWorked: stamp(e.date), hoursWorked: e.hours, hoursToBill: e.hours, isNonBillable: e.billable !== 'billable',
        showOnInvoice: e.billable === 'no-charge', summaryNotes: e.notes, lastModifiedDateTime: e.updatedAt,
      });
      if (e.invoiceId !== null || e.posted)
        out.BillingItems.push({
          id: itemId++, timeEntryID: Number(e.id), ticketID: Number(e.ticketId), companyID, invoiceID: e.invoiceId === null ? null : Number(e.invoiceId),
          billingItemType: 1, quantity: e.hours, rate: (e.rateCents ?? 0) / 100, extendedPrice: (e.hours * (e.rateCents ?? 0)) / 100, itemDate: stamp(e.date), postedDate: e.updatedAt,
        });
    }
    for (const i of work.invoices)
      out.Invoices.push({
        id: Number(i.id), companyID, invoiceNumber: i.number, invoiceDateTime: stamp(i.date), createDateTime: stamp(i.date), dueDate: i.dueDate && stamp(i.dueDate),
        invoiceTotal: i.totalCents / 100, paidDate: i.paidDate && stamp(i.paidDate), isVoided: false,
      });
    for (const c of work.coverage) renderCoverage(c, companyID, contracts, out, codeIds);
  }
  return out;
}

function renderCoverage(c: WorldCoverage, companyID: number, contracts: AtRecord[], out: WorkEntities, codeIds: Map<string, number>): void {
  const id = Number(c.agreementId);
  let contract = contracts.find((x) => x.id === id);
  if (!contract) {
    const start = c.hoursAllowance?.startDate ?? '2024-01-01';
    contract = { id, companyID, contractName: c.name, contractType: CONTRACT_TYPE[c.type], status: 1, startDate: stamp(start), endDate: stamp(c.hoursAllowance?.endDate ?? '2030-12-31') };
    contracts.push(contract);
  }
  const excluded = c.coveredWorkTypes === null ? [] : [...codeIds].filter(([name]) => !c.coveredWorkTypes!.includes(name)).map(([, codeId]) => codeId);
  // A block of hours excludes through an exclusion set of its own, a recurring contract on the contract itself: both forms are served.
  if (c.type === 'block') {
    const setId = 500 + out.ContractExclusionSetExcludedWorkTypes.length;
    contract.contractExclusionSetID = setId;
    for (const codeId of excluded) out.ContractExclusionSetExcludedWorkTypes.push({ id: setId * 100 + codeId % 100, contractExclusionSetID: setId, excludedWorkTypeID: codeId });
  } else for (const codeId of excluded) out.ContractExclusionBillingCodes.push({ id: out.ContractExclusionBillingCodes.length + 1, contractID: id, billingCodeID: codeId });
  // [I] Autotask keeps prepaid hours as blocks; included hours per month have no Autotask form.
  if (c.hoursAllowance?.period === 'block')
    out.ContractBlocks.push({
      id: 40_000 + out.ContractBlocks.length, contractID: id, hours: c.hoursAllowance.hours, startDate: stamp(c.hoursAllowance.startDate ?? '2024-01-01'),
      endDate: stamp(c.hoursAllowance.endDate ?? '2030-12-31'), status: 1, isPaid: true, hourlyRate: 0,
    });
}

const TimeEntryPatch = z
  .record(z.string(), z.unknown())
  .transform(lowerKeys)
  .pipe(z.strictObject({ id: z.number().int(), isnonbillable: z.boolean().optional(), showoninvoice: z.boolean().optional(), billingcodeid: z.number().int().optional() }));

/** PATCH /V1.0/TimeEntries: the fields a "Bill it" changes; time already posted for billing is refused [I]. */
export function patchTimeEntry(work: WorkEntities, body: unknown, now: string): SimResponse {
  const fail = (message: string) => ({ status: 500, body: { errors: [message] } });
  const parsed = TimeEntryPatch.safeParse(body);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const p = parsed.data;
  const entry = work.TimeEntries.find((e) => e.id === p.id);
  if (!entry) return fail(`TimeEntry ${p.id} not found`);
  if (work.BillingItems.some((b) => b.timeEntryID === p.id)) return fail('Time entries that have been approved and posted cannot be edited');
  if (p.billingcodeid !== undefined && !work.BillingCodes.some((c) => c.id === p.billingcodeid)) return fail(`BillingCodeID ${p.billingcodeid} is not a work type`);
  if (p.isnonbillable !== undefined) entry.isNonBillable = p.isnonbillable;
  if (p.showoninvoice !== undefined) entry.showOnInvoice = p.showoninvoice;
  if (p.billingcodeid !== undefined) entry.billingCodeID = p.billingcodeid;
  entry.lastModifiedDateTime = now;
  return { body: { itemId: p.id } };
}
