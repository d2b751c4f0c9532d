import type * as z from 'zod';
import type { QuarantinedRecord } from '../../../domain/model';
import { integerIds, rawId, readByIds } from '../../by-id';
import { AUTOTASK_MAX_IN_VALUES, autotaskQueryAll, autotaskQueryIn, type AutotaskFilter } from '../../http/paging/autotask-query';
import type { WorkConfirmRequest, WorkConfirmResult, WorkPullResult, WorkWindow } from '../../types';
import { optionalLookup } from '../../optional-lookup';
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
  AtWorker,
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
 * A read of what changed also reads every contract in force during the window, not only those the
 * changed work names, so an unchanged block's allowance and exclusions are tonight's too (the night
 * merges coverage by agreement) [I: time is charged to contracts in force].
 */
export async function pullAutotaskWork(ctx: WorkContext): Promise<WorkPullResult> {
  const quarantined: QuarantinedRecord[] = [];
  const warnings: string[] = [];
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
  // Invoices are read for the whole window every night.
  return { ...(await assemble(ctx, q, { entries, tickets: windowTickets, invoices: windowInvoices, codes }, warnings, changedSince ? from : null)), quarantined, warnings, complete: ['invoices'] };
}

/**
 * The time entries and tickets behind tonight's findings, by `id in` batches of 500 [V: the `in`
 * operator; 500 OR conditions a query], each with a witness (shared/connectors/by-id.ts), then what
 * their canonical form needs (billing items, codes, contracts), as the pull reads it.
 */
export async function confirmAutotaskWork(ctx: Omit<WorkContext, 'window'>, req: WorkConfirmRequest): Promise<WorkConfirmResult> {
  const quarantined: QuarantinedRecord[] = [];
  const q = queries(ctx, quarantined);
  const byIds = <S extends z.ZodObject>(entity: string, schema: S, ids: string[], witness: string | null) =>
    readByIds({
      vendor: ctx.http.vendor,
      what: entity,
      ids,
      witness,
      perRequest: AUTOTASK_MAX_IN_VALUES,
      idOf: rawId,
      read: (batch) => autotaskQueryAll(ctx.http, { entity, filter: [{ op: 'in', field: 'id', value: integerIds(ctx.http.vendor, batch) }], includeFields: fieldsOf(schema), pageSize: ctx.pageSize }),
    });
  const entries = await byIds('TimeEntries', AtTimeEntry, req.timeEntries, req.witnesses.timeEntry);
  const tickets = await byIds('Tickets', AtTicket, req.tickets, req.witnesses.ticket);
  const reread = { entries: q.parse(entries.rows, AtTimeEntry, 'TimeEntries'), tickets: q.parse(tickets.rows, AtTicket, 'Tickets') };
  const codes = reread.entries.length > 0 ? await q.all('BillingCodes', AtBillingCode, [{ op: 'eq', field: 'useType', value: WORK_TYPE_USE }]) : [];
  // Lookup warnings were the pull's to give; a confirmation only re-reads what it judged.
  const work = reread.entries.length + reread.tickets.length > 0 ? await assemble(ctx, q, { ...reread, invoices: [], codes }, []) : { timeEntries: [], tickets: [] };
  return { timeEntries: work.timeEntries, tickets: work.tickets, gone: { timeEntries: entries.gone, tickets: tickets.gone }, quarantined };
}

interface Read {
  entries: Entry[];
  tickets: AtTicket[];
  invoices: z.infer<typeof AtInvoice>[];
  codes: z.infer<typeof AtBillingCode>[];
}

/**
 * The canonical work of the entries and tickets read: their billing items, the tickets and invoices
 * they name, the contracts charged and the names of who did the work; with `inForceFrom`, every
 * contract in force since that day too.
 */
async function assemble(ctx: Omit<WorkContext, 'window'>, q: Queries, read: Read, warnings: string[], inForceFrom: string | null = null): Promise<Omit<WorkPullResult, 'quarantined' | 'warnings'>> {
  const { entries, codes } = read;
  const [items, workerName] = await Promise.all([q.in('BillingItems', AtBillingItem, 'timeEntryID', entries.map((e) => e.id)), workerNames(q, entries, warnings)]);
  const tickets = [...read.tickets, ...(await q.in('Tickets', AtTicket, 'id', missing(entries.map((e) => e.ticketID), read.tickets)))];
  const invoiceIds = items.flatMap((i) => (i.invoiceID == null ? [] : [i.invoiceID]));
  const invoices = [...read.invoices, ...(await q.in('Invoices', AtInvoice, 'id', missing(invoiceIds, read.invoices)))];
  const contractIds = [...entries, ...tickets].flatMap((r) => (r.contractID == null ? [] : [r.contractID]));
  const inForce = inForceFrom ? await q.all('Contracts', AtWorkContract, [{ op: 'or', items: [{ op: 'gte', field: 'endDate', value: inForceFrom }, { op: 'notExist', field: 'endDate' }] }]) : [];
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
    workerName,
  };
  return {
    timeEntries: mapEach(entries, (e) => toTimeEntry(e, look), { sourceId: ctx.sourceId, entity: 'TimeEntries' }, q.quarantined),
    tickets: tickets.map((t) => toTicket(t, look)),
    invoices: invoices.filter((i) => i.isVoided !== true).map(toInvoice),
    coverage: contracts.map((c) => toCoverage(c, look, blocks.filter((b) => b.contractID === c.id), ctx.today)),
  };
}

type Queries = ReturnType<typeof queries>;

/** Query helpers that validate every row and quarantine the bad ones, with the entity's own fields asked for. */
function queries(ctx: UnitsContext, quarantined: QuarantinedRecord[]) {
  const parse = <S extends z.ZodObject>(raw: unknown[], schema: S, entity: string) => parseEach(raw, schema, (r) => r, { sourceId: ctx.sourceId, entity }, quarantined);
  return {
    quarantined,
    parse,
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

/**
 * The names of the resources the entries name, by `id in` batches. An API user not allowed to read
 * resources only loses the names: the time shows the resource id instead.
 */
async function workerNames(q: Queries, entries: Entry[], warnings: string[]): Promise<Map<number, string>> {
  const ids = [...new Set(entries.flatMap((e) => (e.resourceID == null ? [] : [e.resourceID])))];
  const rows = await optionalLookup({ what: 'Autotask resources (who did the work)', instead: 'time shows its resource id instead of a name', warnings, fallback: [] as AtWorker[] }, () =>
    q.in('Resources', AtWorker, 'id', ids),
  );
  const names = new Map<number, string>();
  for (const r of rows) {
    const name = [r.firstName, r.lastName].map((part) => part?.trim()).filter(Boolean).join(' ');
    if (name) names.set(r.id, name);
  }
  return names;
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
