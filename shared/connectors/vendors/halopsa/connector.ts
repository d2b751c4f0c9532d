import { apiRoot } from '../../../config/api-root';
import type { Agreement, AgreementLine, QuarantinedRecord, SourcePull } from '../../../domain/model';
import { oauth2 } from '../../http/auth';
import { defineConnector } from '../define';
import { haloPages, unwrapHaloList } from '../../http/paging/halo-pages';
import type { ConnectorDeps, PsaConnector, WorkConnector } from '../../types';
import { optionalLookup, VCIO_FALLBACK } from '../../optional-lookup';
import { parseEach } from '../../validate';
import { invoiceAsAgreement, toAgreement, toClient } from './map';
import { billingInvoices } from './invoices';
import { HaloAgent, HaloAsset, HaloClient, HaloContract } from './records';
import { createHaloAddLine } from './add-line';
import { createHaloWriteBack } from './write-back';
import { API_ROOT, LIMITS, type HaloPsaSourceConfig } from './config';
import { pullHaloWork } from './work';
import { billHaloTime } from './bill-time';


/**
 * HaloPSA: clients, contracts (agreements with renewal dates), recurring invoices (the billed
 * lines) and assets (RMM device ids that tie RMM organizations to Halo clients); tickets, time
 * actions and invoices for the labor review (work.ts), with actions made billable (bill-time.ts). OAuth2 client
 * credentials [V]; 700 requests per rolling 5 minutes per instance [V3].
 */
export function createHaloPsaConnector(source: HaloPsaSourceConfig, deps: ConnectorDeps): PsaConnector & WorkConnector {
  const vendor = `HaloPSA (${source.id})`;
  const authHint =
    `source "${source.id}": the Halo API application's clientId and clientSecret (` +
    `Configuration > Integrations > Halo API: Client Credentials, scope "all", an agent allowed to read agents, clients, contracts, ` +
    `recurring invoices and assets) and authUrl ${source.authUrl}${source.tenant ? ` with tenant "${source.tenant}"` : ''}`;
  const auth = oauth2({
    vendor,
    authHint,
    timeoutMs: source.timeoutMs,
    fetch: deps.fetch,
    request: async () => {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: await deps.secrets(source.clientId, `${vendor} clientId`),
        client_secret: await deps.secrets(source.clientSecret, `${vendor} clientSecret`),
        scope: 'all',
      });
      const url = new URL(`${source.authUrl.replace(/\/+$/, '')}/token`);
      // Hosted tenants name themselves on the token call [V: n8n getAuthUrl].
      if (source.tenant) url.searchParams.set('tenant', source.tenant);
      return { url: url.href, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: form.toString() };
    },
  });
  const { http, core } = defineConnector(source, deps, {
    vendor,
    baseUrl: apiRoot(API_ROOT, source).url,
    auth,
    authHint,
    limits: LIMITS,
  });

  const list = async (path: string, key: string, query?: Record<string, string | boolean>): Promise<unknown[]> => {
    const all: unknown[] = [];
    for await (const page of haloPages(http, { path, key, query }, source.pageSize)) all.push(...page);
    return all;
  };
  const where = (entity: string) => ({ sourceId: source.id, entity });

  /**
   * Agent id -> email: Halo clients name their account manager by agent id only. An API agent not
   * allowed to read agents only loses the emails, not the source.
   */
  async function agentEmails(warnings: string[]): Promise<Map<number, string>> {
    // /Agent answers one bare array, not pages [V3]; paging it would repeat the same rows.
    const res = await optionalLookup({ what: 'HaloPSA agents (account managers)', instead: VCIO_FALLBACK, warnings, fallback: null }, () =>
      http.json({ path: '/Agent' }),
    );
    if (!res) return new Map();
    const emails = new Map<number, string>();
    // An agent record we cannot read only costs an account manager's email: nothing is counted from it.
    for (const raw of unwrapHaloList(res.body, 'agents')?.records ?? []) {
      const agent = HaloAgent.safeParse(raw);
      if (agent.success && agent.data.email) emails.set(agent.data.id, agent.data.email);
    }
    return emails;
  }

  async function pull(): Promise<SourcePull> {
    const quarantined: QuarantinedRecord[] = [];
    const warnings: string[] = [];
    const emails = await agentEmails(warnings);
    const clients = parseEach(await list('/Client', 'clients', { includeinactive: true }), HaloClient, (c) => c, where('client'), quarantined);
    const contracts = parseEach(await list('/ClientContract', 'contracts', { includeinactive: true }), HaloContract, (c) => c, where('contract'), quarantined);
    const invoices = await billingInvoices({ http, sourceId: source.id, pageSize: source.pageSize, quarantined, warnings }, source.recurringInvoiceMode);
    const assets = parseEach(await list('/Asset', 'assets'), HaloAsset, (a) => a, where('asset'), quarantined);

    const contractIds = new Set(contracts.map((c) => c.id));
    const linesByContract = new Map<number, AgreementLine[]>();
    const standalone: Agreement[] = [];
    for (const read of invoices) {
      const contractId = read.invoice.contract_id;
      if (contractId && contractIds.has(contractId)) append(linesByContract, contractId, read.lines);
      else standalone.push(invoiceAsAgreement(read.invoice, read.lines));
    }

    const assetsByClient = new Map<number, HaloAsset[]>();
    for (const a of assets) append(assetsByClient, a.client_id, [a]);
    return {
      clients: clients.map((c) => toClient(c, emails, assetsByClient.get(c.id) ?? [])),
      agreements: [...contracts.map((c) => toAgreement(c, linesByContract.get(c.id) ?? [])), ...standalone],
      devices: [],
      subscriptions: [],
      quarantined,
      warnings,
    };
  }

  return {
    ...core,
    pull,
    ...createHaloWriteBack(http, source.recurringInvoiceMode),
    ...createHaloAddLine(http, source.recurringInvoiceMode, source.pageSize),
    pullWork: (night, window) => pullHaloWork(http, source, night, window),
    billTimeEntry: (req) => billHaloTime(http, source.chargeTypeLookupId, req),
  };
}

function append<K, V>(map: Map<K, V[]>, key: K, items: V[]): void {
  const list = map.get(key);
  if (list) list.push(...items);
  else map.set(key, [...items]);
}
