import type * as z from 'zod';
import type { QuarantinedRecord } from '../../../domain/model';
import { autotaskQueryAll, autotaskQueryIn, type AutotaskFilter } from '../../http/paging/autotask-query';
import type { WorkPullResult, WorkWindow } from '../../types';
import { mapEach, parseEach } from '../../validate';
import { fieldsOf } from './records';
import type { UnitsContext } from './units';
import {
  AtBillingCode,
  AtBillingItem,
  AtContractBlock,
  AtExcludedCode,
  AtInvoice,
  AtSetExcludedWorkType,
  AtTicket,
  AtTimeEntry,
  AtWorkContract,
  WORK_TYPE_USE,
  type AtTimeEntry as Entry,
} from './work-records';
import { toCoverage, toInvoice, toTicket, toTimeEntry, type WorkLookups } from './work-map';

export interface WorkContext extends UnitsContext {
  window: WorkWindow;
  /** The Ticket status picklist value meaning Complete. */
  completeStatus: number;
}

/**
 * One night of Autotask service work: ticket time of the window (only what changed since the last
 * read when the window says so), the billing items that say it was posted or invoiced, the window's
 * tickets and invoices, and the coverage of the contracts the work was charged to. Every list is an
 * Autotask query, children by `in` batches of 500 ids. Time not on a ticket (project tasks, internal
 * time) is not read [I: the labor review is of ticket work].
 * Coverage is the whole window's on every read, as the night keeps tonight's coverage in place of
 * last night's: a read of what changed also reads every contract in force during the window, not
 * only those the changed work names (else an unchanged block would drop out and its overage pass as
 * recovered) [I: time is charged to contracts in force].
 */
export async function pullAutotaskWork(ctx: WorkContext): Promise<WorkPullResult> {
  const quarantined: QuarantinedRecord[] = [];
  const q = queries(ctx, quarantined);
  const { from, changedSince } = ctx.window;

  const [changedEntries, windowTickets, windowInvoices, codes] = await Promise.all([
    q.all('TimeEntries', AtTimeEntry, [{ op: 'exist', field: 'ticketID' }, { op: 'gte', field: 'dateWorked', value: from }, ...since('lastModifiedDateTime', changedSince)]),
    q.all('Tickets', AtTicket, [
      { op: 'or', items: [{ op: 'gte', field: 'createDate', value: from }, { op: 'gte', field: 'completedDate', value: from }] },
      ...since('lastTrackedModificationDateTime', changedSince),
    ]),
    q.all('Invoices', AtInvoice, [{ op: 'gte', field: 'invoiceDateTime', value: from }]),
    q.all('BillingCodes', AtBillingCode, [{ op: 'eq', field: 'useType', value: WORK_TYPE_USE }]),
  ]);
  const entries = [...changedEntries, ...(changedSince ? await billedSince(q, from, changedSince, changedEntries, windowInvoices) : [])];
  const items = await q.in('BillingItems', AtBillingItem, 'timeEntryID', entries.map((e) => e.id));

  const tickets = [...windowTickets, ...(await q.in('Tickets', AtTicket, 'id', missing(entries.map((e) => e.ticketID), windowTickets)))];
  const invoiceIds = items.flatMap((i) => (i.invoiceID == null ? [] : [i.invoiceID]));
  const invoices = [...windowInvoices, ...(await q.in('Invoices', AtInvoice, 'id', missing(invoiceIds, windowInvoices)))];
  const contractIds = [...entries, ...tickets].flatMap((r) => (r.contractID == null ? [] : [r.contractID]));
  const inForce = changedSince ? await q.all('Contracts', AtWorkContract, [{ op: 'or', items: [{ op: 'gte', field: 'endDate', value: from }, { op: 'notExist', field: 'endDate' }] }]) : [];
  const contracts = [...inForce, ...(await q.in('Contracts', AtWorkContract, 'id', missing(contractIds, inForce)))];
  const [blocks, excluded, setExcluded] = await Promise.all([
    q.in('ContractBlocks', AtContractBlock, 'contractID', contracts.filter((c) => c.contractType === 4).map((c) => c.id)),
    q.in('ContractExclusionBillingCodes', AtExcludedCode, 'contractID', contracts.map((c) => c.id)),
    q.in('ContractExclusionSetExcludedWorkTypes', AtSetExcludedWorkType, 'contractExclusionSetID', contracts.flatMap((c) => (c.contractExclusionSetID == null ? [] : [c.contractExclusionSetID]))),
  ]);

  const look: WorkLookups = {
    codeName: new Map(codes.map((c) => [c.id, c.name])),
    workTypes: codes.filter((c) => c.isActive !== false).map((c) => c.name),
    ticket: new Map(tickets.map((t) => [t.id, t])),
    contract: new Map(contracts.map((c) => [c.id, c])),
    item: new Map(items.map((i) => [i.timeEntryID, i])),
    excluded: exclusionsOf(contracts, excluded, setExcluded),
    completeStatus: ctx.completeStatus,
  };
  const where = (entity: string) => ({ sourceId: ctx.sourceId, entity });
  return {
    timeEntries: mapEach(entries, (e) => toTimeEntry(e, look), where('TimeEntries'), quarantined),
    tickets: tickets.map((t) => toTicket(t, look)),
    invoices: invoices.filter((i) => i.isVoided !== true).map(toInvoice),
    coverage: contracts.map((c) => toCoverage(c, look, blocks.filter((b) => b.contractID === c.id), ctx.today)),
    quarantined,
    warnings: [],
  };
}

type Queries = ReturnType<typeof queries>;

/** Query helpers that validate every row and quarantine the bad ones, with the entity's own fields asked for. */
function queries(ctx: UnitsContext, quarantined: QuarantinedRecord[]) {
  const parse = <S extends z.ZodObject>(raw: unknown[], schema: S, entity: string) => parseEach(raw, schema, (r) => r, { sourceId: ctx.sourceId, entity }, quarantined);
  return {
    all: async <S extends z.ZodObject>(entity: string, schema: S, filter: [AutotaskFilter, ...AutotaskFilter[]]) =>
      parse(await autotaskQueryAll(ctx.http, { entity, filter, includeFields: fieldsOf(schema), pageSize: ctx.pageSize }), schema, entity),
    in: async <S extends z.ZodObject>(entity: string, schema: S, field: string, values: number[], also?: AutotaskFilter[]) =>
      values.length ? parse(await autotaskQueryIn(ctx.http, { entity, field, values, also, includeFields: fieldsOf(schema), pageSize: ctx.pageSize }), schema, entity) : [],
  };
}

const since = (field: string, changedSince: string | null): AutotaskFilter[] => (changedSince ? [{ op: 'gte', field, value: changedSince }] : []);

/**
 * Posting and invoicing create and fill billing items without changing the time entry [I], so an
 * incremental read also re-reads the entries posted since the last read, or put on an invoice
 * made since then: otherwise they would stay "not invoiced" in the snapshot.
 */
async function billedSince(q: Queries, from: string, changedSince: string, changed: Entry[], invoices: z.infer<typeof AtInvoice>[]): Promise<Entry[]> {
  // [I] an invoice is dated the day it is made: one dated from the last read on is new.
  const newInvoices = invoices.filter((i) => i.invoiceDateTime >= changedSince.slice(0, 10)).map((i) => i.id);
  const [posted, invoiced] = await Promise.all([
    q.all('BillingItems', AtBillingItem, [{ op: 'exist', field: 'timeEntryID' }, { op: 'gte', field: 'postedDate', value: changedSince }]),
    q.in('BillingItems', AtBillingItem, 'invoiceID', newInvoices, [{ op: 'exist', field: 'timeEntryID' }]),
  ]);
  const known = new Set(changed.map((e) => e.id));
  // Only the window's ticket time, as the first read: work of older days posted late stays out.
  return q.in('TimeEntries', AtTimeEntry, 'id', [...posted, ...invoiced].map((i) => i.timeEntryID).filter((id) => !known.has(id)), [
    { op: 'exist', field: 'ticketID' },
    { op: 'gte', field: 'dateWorked', value: from },
  ]);
}


const missing = (ids: number[], have: Array<{ id: number }>): number[] => {
  const known = new Set(have.map((r) => r.id));
  return [...new Set(ids)].filter((id) => !known.has(id));
};

/** The billing codes each contract excludes: its own, and those of the exclusion set it uses. */
function exclusionsOf(
  contracts: AtWorkContract[],
  own: Array<z.infer<typeof AtExcludedCode>>,
  bySet: Array<z.infer<typeof AtSetExcludedWorkType>>,
): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>(contracts.map((c) => [c.id, new Set<number>()]));
  for (const r of own) out.get(r.contractID)?.add(r.billingCodeID);
  for (const c of contracts)
    for (const r of bySet) if (r.contractExclusionSetID === c.contractExclusionSetID) out.get(c.id)!.add(r.excludedWorkTypeID);
  return out;
}
