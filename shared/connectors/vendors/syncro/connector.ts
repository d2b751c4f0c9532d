import { apiRoot } from '../../../config/api-root';
import type { AgreementLine, QuarantinedRecord, SourcePull } from '../../../domain/model';
import { staticHeaders } from '../../http/auth';
import { defineConnector } from '../define';
import { syncroPages } from '../../http/paging/syncro-pages';
import type { ConnectorDeps, PsaConnector, WorkConnector } from '../../types';
import { parseEach } from '../../validate';
import { toAgreements, toClient, toLine } from './map';
import { SyncroContract, SyncroCustomer, SyncroLineItem, SyncroSchedule } from './records';
import { createSyncroAddLine } from './add-line';
import { createSyncroWriteBack } from './write-back';
import { API_ROOT, LIMITS, type SyncroSourceConfig } from './config';
import { confirmSyncroWork, syncroWorkPartitions } from './work';
import { pullWorkWhole } from '../../partitions';
import { billSyncroTime } from './bill-time';


/**
 * Syncro: customers, contracts (dates for renewals) and recurring-invoice schedules (the billed
 * lines). An API token in the Authorization header [V]; 180 requests per minute per IP [V].
 * Customer assets are not read: Syncro's own RMM ids are not ones Trueup's RMM sources know.
 * Tickets, ticket timers and invoices are read for the labor review (work.ts), and timers billed (bill-time.ts).
 */
export function createSyncroConnector(source: SyncroSourceConfig, deps: ConnectorDeps): PsaConnector & WorkConnector {
  const vendor = `Syncro (${source.id})`;
  const authHint =
    `source "${source.id}": the Syncro API token (apiKey; Admin > API Tokens) and that its ` +
    `permissions include Customers - List/Search, Contracts - List/Search, Recurring Invoices - List and Recurring Invoices - Edit (and Products - List/Search to add lines; Tickets, Ticket Timers and Invoices - List/Search, and Ticket Timers - Edit, for the labor review)`;
  const { http, core } = defineConnector(source, deps, {
    vendor,
    baseUrl: apiRoot(API_ROOT, source).url,
    // [V3] public clients send `Bearer <token>`; the spec's scheme says bearer.
    auth: staticHeaders(async () => ({ Authorization: `Bearer ${await deps.secrets(source.apiKey, `${vendor} apiKey`)}` })),
    authHint,
    limits: LIMITS,
  });

  const list = async (path: string, key: string, query?: Record<string, string | boolean>): Promise<unknown[]> => {
    const all: unknown[] = [];
    for await (const page of syncroPages(http, { path, key, query })) all.push(...page);
    return all;
  };
  const where = (entity: string) => ({ sourceId: source.id, entity });

  async function pull(): Promise<SourcePull> {
    const quarantined: QuarantinedRecord[] = [];
    const customers = parseEach(await list('/customers', 'customers', { include_disabled: true }), SyncroCustomer, toClient, where('customer'), quarantined);
    const contracts = parseEach(await list('/contracts', 'contracts'), SyncroContract, (c) => c, where('contract'), quarantined);
    // One list of every schedule, lines included [V: example], instead of one call per customer.
    const schedules = parseEach(await list('/schedules', 'schedules'), SyncroSchedule, (s) => s, where('schedule'), quarantined);
    const billed = schedules
      .filter((s) => !s.paused)
      .map((schedule) => ({
        schedule,
        lines: parseEach(schedule.lines ?? [], SyncroLineItem, (l) => toLine(schedule, l), where('schedule-line-item'), quarantined).filter(
          (l): l is AgreementLine => l !== null,
        ),
      }));
    return { clients: customers, agreements: toAgreements(contracts, billed), devices: [], subscriptions: [], quarantined, warnings: [] };
  }

  const partitionedWork = syncroWorkPartitions(http, source.id);
  return {
    ...core,
    pull,
    ...createSyncroWriteBack(http),
    ...createSyncroAddLine(http),
    // Whole, through the same steps its partitions run (and counting its lists for the next night's plan).
    pullWork: (night, window) => pullWorkWhole(partitionedWork, night, window),
    partitionedWork,
    confirmWork: (_night, request) => confirmSyncroWork(http, source.id, request),
    billTimeEntry: (req) => billSyncroTime(http, req),
  };
}
