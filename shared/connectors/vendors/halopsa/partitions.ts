import * as z from 'zod';
import { AgreementLine, type Agreement, type QuarantinedRecord, type SourcePull } from '../../../domain/model';
import type { SourceConfig } from '../../../config/schema';
import type { HttpClient } from '../../http/client';
import { haloPages } from '../../http/paging/halo-pages';
import type { Fragment, PartitionedPull, PartitionSpec, Step } from '../../partitions';
import { parseEach } from '../../validate';
import { billingInvoicePages, readAloneWarning } from './invoices';
import { invoiceAsAgreement, toAgreement, toClient } from './map';
import { HaloAsset, HaloClient, HaloContract, HaloInvoice } from './records';
import type { HaloPsaSourceConfig } from './config';

const pageSize = (source: SourceConfig) => (source.kind === 'halopsa' ? source.pageSize : 100);
const pages = (n: number | undefined, source: SourceConfig) => Math.max(1, Math.ceil((n ?? 0) / pageSize(source)));

/**
 * The head reads agents, clients and contracts (a page per `pageSize` each); recurring invoices
 * and assets, the long lists, split by page ranges. Halo's limit (700 per 5 minutes) is per
 * instance [V3], so the partitions take half of it by default.
 */
export const HALO_PARTITIONS: PartitionSpec = {
  limitScope: 'tenant',
  headRequests: (source, sizes) => 1 + pages(sizes.clients, source) + pages(sizes.contracts, source),
  lists: [
    { name: 'invoices', unit: 'page', perRequest: pageSize },
    { name: 'assets', unit: 'page', perRequest: pageSize },
  ],
};

const Head = z.object({ agents: z.array(z.object({ id: z.number(), email: z.string() })), clients: z.array(HaloClient), contracts: z.array(HaloContract) });
const Body = z.object({
  invoices: z.array(z.object({ invoice: HaloInvoice, lines: z.array(AgreementLine) })).default([]),
  assets: z.array(HaloAsset).default([]),
  readAlone: z.array(z.number()).default([]),
});

interface Deps {
  source: HaloPsaSourceConfig;
  http: HttpClient;
  list(path: string, key: string, query?: Record<string, string | boolean>): Promise<unknown[]>;
  agentEmails(warnings: string[]): Promise<Map<number, string>>;
}

/** HaloPSA's pull as a head and page ranges of recurring invoices and assets; `pull()` runs it whole (pullWhole). */
export function haloPartitions({ source, http, list, agentEmails }: Deps): PartitionedPull {
  const where = (entity: string) => ({ sourceId: source.id, entity });
  return {
    spec: HALO_PARTITIONS,
    async head() {
      const quarantined: QuarantinedRecord[] = [];
      const warnings: string[] = [];
      const agents = [...(await agentEmails(warnings))].map(([id, email]) => ({ id, email }));
      const clients = parseEach(await list('/Client', 'clients', { includeinactive: true }), HaloClient, (c) => c, where('client'), quarantined);
      const contracts = parseEach(await list('/ClientContract', 'contracts', { includeinactive: true }), HaloContract, (c) => c, where('contract'), quarantined);
      return { records: { agents, clients, contracts }, quarantined, warnings };
    },
    async *steps(_night, partition): AsyncGenerator<Step> {
      const range = { from: partition.from, to: partition.to };
      let next = partition.from;
      if (partition.list === 'invoices') {
        const quarantined: QuarantinedRecord[] = [];
        const ctx = { http, sourceId: source.id, pageSize: source.pageSize, quarantined };
        for await (const page of billingInvoicePages(ctx, source.recurringInvoiceMode, range)) {
          yield { fragment: { records: { invoices: page.invoices, readAlone: [page.readAlone] }, quarantined: quarantined.splice(0), warnings: [] }, next: ++next };
        }
        return;
      }
      for await (const page of haloPages(http, { path: '/Asset', key: 'assets' }, source.pageSize, range)) {
        const quarantined: QuarantinedRecord[] = [];
        yield { fragment: { records: { assets: parseEach(page, HaloAsset, (a) => a, where('asset'), quarantined) }, quarantined, warnings: [] }, next: ++next };
      }
    },
    assemble: (head, body) => assembleHalo(source.id, head, body),
  };
}

/** Contracts take their invoices' lines; an invoice under no known contract stands as its own agreement; assets tie clients to RMM ids. */
function assembleHalo(sourceId: string, headFragment: Fragment, bodyFragment: Fragment): SourcePull {
  const head = Head.parse(headFragment.records);
  const parsed = Body.parse(bodyFragment.records);
  // [I] a Halo that clamps page_no past the end serves its last page again to a later partition: each record counts once, and the warning says so.
  const invoices = onceEach(parsed.invoices, (r) => r.invoice.id);
  const assets = onceEach(parsed.assets, (a) => a.id);
  const body = { ...parsed, invoices: invoices.kept, assets: assets.kept };
  const repeated = invoices.repeated + assets.repeated;
  const repeatWarning = repeated > 0 ? [`HaloPSA served ${repeated} recurring invoice(s) or asset(s) on more than one page; each was counted once`] : [];
  const emails = new Map(head.agents.map((a) => [a.id, a.email]));
  const contractIds = new Set(head.contracts.map((c) => c.id));
  const linesByContract = new Map<number, AgreementLine[]>();
  const standalone: Agreement[] = [];
  for (const read of body.invoices) {
    const contractId = read.invoice.contract_id;
    if (contractId && contractIds.has(contractId)) append(linesByContract, contractId, read.lines);
    else standalone.push(invoiceAsAgreement(read.invoice, read.lines));
  }
  const assetsByClient = new Map<number, HaloAsset[]>();
  for (const a of body.assets) append(assetsByClient, a.client_id, [a]);
  const readAlone = body.readAlone.reduce((n, k) => n + k, 0);
  return {
    clients: head.clients.map((c) => toClient(c, emails, assetsByClient.get(c.id) ?? [])),
    agreements: [...head.contracts.map((c) => toAgreement(c, linesByContract.get(c.id) ?? [])), ...standalone],
    devices: [],
    subscriptions: [],
    quarantined: [...headFragment.quarantined, ...bodyFragment.quarantined],
    warnings: [...headFragment.warnings, ...readAloneWarning(readAlone, sourceId), ...repeatWarning, ...bodyFragment.warnings],
  };
}

function onceEach<T>(records: T[], id: (r: T) => number): { kept: T[]; repeated: number } {
  const seen = new Set<number>();
  const kept = records.filter((r) => !seen.has(id(r)) && Boolean(seen.add(id(r))));
  return { kept, repeated: records.length - kept.length };
}

function append<K, V>(map: Map<K, V[]>, key: K, items: V[]): void {
  const list = map.get(key);
  if (list) list.push(...items);
  else map.set(key, [...items]);
}
