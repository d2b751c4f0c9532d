import type { QuarantinedRecord, SourcePull, WriteBackRef } from '../domain/model';
import type { BillableStatus, Ticket, TimeEntry, WorkIds, WorkList, WorkPull } from '../domain/work';
import type { HttpStats } from './http/client';
import type { ListSizes, PartitionedPull, PartitionedWorkPull } from './partitions';
import type { ProgressSink } from './http/progress';
import type { RequestLimiter } from './http/rate-limiter';
import type { SecretResolver } from '../config/secrets';

/** The night a pull belongs to. */
export interface PullNight {
  /**
   * The night's run date (YYYY-MM-DD) in the MSP's time zone: every "today" a connector needs
   * (e.g. Autotask's current billing period) derives from it, never from the machine's clock.
   */
  runDate: string;
}

/** Every connector pulls one night's records in the canonical model. */
export interface Connector {
  readonly sourceId: string;
  /** Pulls everything the reconciliation needs; malformed records come back quarantined, not thrown. */
  pull(night: PullNight): Promise<SourcePull>;
  /** Request counters for the run summary and the benchmark. */
  stats(): HttpStats;
  /** Present where the vendor's API lets the pull split into partitions (shared/connectors/partitions.ts). */
  partitioned?: PartitionedPull;
}

export interface WriteBackRequest {
  /** The line's writeBack reference exactly as the connector produced it. */
  ref: WriteBackRef;
  /** The quantity the proposal was based on: compare-and-set refuses if the PSA has moved. */
  expectedQuantity: number;
  newQuantity: number;
  /** The date the change takes effect (YYYY-MM-DD), in the MSP's time zone: also the "today" the quantity is read on. */
  effectiveDate: string;
}

export interface WriteBackResult {
  previousQuantity: number;
  newQuantity: number;
  /** When the PSA will bill the change, in the vendor's terms (e.g. "next contract period from 2026-12-01"). */
  effective: string;
}

/** A new line for a product on an agreement: the add-line true-up. */
export interface AddLineRequest {
  agreementExternalId: string;
  /** The product as the PSA's catalog names it (the recipe's product): looked up when the line is written. */
  product: string;
  /** Every name the product goes by (recipe product and aliases): a line under any of them is a line for it. */
  productNames: string[];
  quantity: number;
  /** Price per unit per month, in cents. */
  unitPriceCents: number;
  /** The date the line starts billing (YYYY-MM-DD), in the MSP's time zone. */
  effectiveDate: string;
}

/** A line for a product, as the PSA has it now. */
export interface ProductLine {
  lineExternalId: string;
  quantity: number;
}

export interface AddLineResult extends ProductLine {
  /** When the PSA bills the new line, in the vendor's terms. */
  effective: string;
}

/** A PSA: it can also say a line's current quantity and change it. */
export interface PsaConnector extends Connector {
  /** The quantity billed on `onDate` (YYYY-MM-DD, the MSP's today): Autotask keeps one per billing period. */
  readLineQuantity(ref: WriteBackRef, onDate: string): Promise<number>;
  /**
   * Re-reads the quantity; throws WriteBackConflictError if it is not `expectedQuantity`,
   * otherwise writes `newQuantity` and returns what was done.
   */
  writeLineQuantity(req: WriteBackRequest): Promise<WriteBackResult>;
  /** The agreement's line billing one of `productNames` on `onDate`, or null when it has none. */
  findProductLine(agreementExternalId: string, productNames: readonly string[], onDate: string): Promise<ProductLine | null>;
  /**
   * Re-reads the agreement; throws AddLineConflictError if a line for the product is there now and
   * UnknownProductError if the PSA's catalog has no such product, otherwise adds the line and reads it back.
   */
  addLine(req: AddLineRequest): Promise<AddLineResult>;
}

/** Which service work a night reads: a look-back window, and only what changed since the last read unless a full re-read is due. */
export interface WorkWindow {
  /** The oldest work date to read (YYYY-MM-DD), e.g. 45 days before the run date. */
  from: string;
  /** Read only records the PSA changed since this instant (its last-updated filter); null reads the whole window. */
  changedSince: string | null;
}

export interface WorkPullResult extends WorkPull {
  quarantined: QuarantinedRecord[];
  warnings: string[];
  /** The sizes of the work lists a vendor splits (WORK_LIST names): the next night's partition estimate. */
  listed?: ListSizes;
  /** The lists read whole for the window even when only changes were asked for: they replace last night's, so a deleted record leaves at once. */
  complete?: WorkList[];
}

/** Time entries and tickets to read again by id before they can become findings. */
export interface WorkConfirmRequest extends WorkIds {
  /** A time entry and a ticket read tonight, asked with each batch: a filter answering only them still shows it was applied (null: none). */
  witnesses: { timeEntry: string | null; ticket: string | null };
}

/** What the PSA says of them now: the records as they are, and those it no longer has (404, or absent from a by-id filter that answered others). */
export interface WorkConfirmResult {
  timeEntries: TimeEntry[];
  tickets: Ticket[];
  gone: WorkIds;
  quarantined: QuarantinedRecord[];
}

/** "Bill it": make a time entry billable, compare-and-set against what the finding saw. */
export interface BillTimeRequest {
  /** The entry's writeBack reference exactly as the connector produced it. */
  ref: WriteBackRef;
  /** What the finding saw: the write is refused (WriteBackConflictError) if the PSA has moved. */
  expected: { billable: BillableStatus; invoiced: boolean | null };
  /** A billing code or work type to set where the PSA bills by code rather than a flag. */
  billingCode?: string;
}

export interface BillTimeResult {
  billable: BillableStatus;
  /** When the PSA will invoice it, in the vendor's terms (e.g. "on the next invoice run"). */
  effective: string;
}

/** A PSA that can also read its service work (tickets, time, invoices) and bill a time entry. */
export interface WorkConnector {
  pullWork(night: PullNight, window: WorkWindow): Promise<WorkPullResult>;
  /** Re-reads the records by id in as few requests as the API allows; throws when the PSA cannot say (outage, limit, token). */
  confirmWork(night: PullNight, request: WorkConfirmRequest): Promise<WorkConfirmResult>;
  /** Throws WriteBackConflictError when the entry moved, and an error saying so where the vendor's API cannot write it. */
  billTimeEntry(req: BillTimeRequest): Promise<BillTimeResult>;
  /** Present where the work pull can run as partitions of the collect (shared/connectors/partitions.ts). */
  partitionedWork?: PartitionedWorkPull;
}

export const isWorkConnector = (c: Connector): c is Connector & WorkConnector => 'pullWork' in c;

export const isPsaConnector = (c: Connector): c is PsaConnector => 'writeLineQuantity' in c;

export interface ConnectorDeps {
  secrets: SecretResolver;
  /** Injected by tests and the benchmark; production uses global fetch and real timers. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Where records read and waits are reported while a pull runs (the local CLI prints them). */
  progress?: ProgressSink;
  /** A partition worker's share of the vendor's limit, held with the other workers (shared/store/rate-bucket.ts); absent: the source's own pace. */
  limiter?: RequestLimiter;
}
