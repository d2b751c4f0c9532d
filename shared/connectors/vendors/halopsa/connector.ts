import { apiRoot } from '../../../config/api-root';
import { oauth2 } from '../../http/auth';
import { defineConnector } from '../define';
import { haloPages } from '../../http/paging/halo-pages';
import { pullWhole } from '../../partitions';
import { haloPartitions } from './partitions';
import type { ConnectorDeps, PsaConnector, WorkConnector } from '../../types';
import { VCIO_FALLBACK } from '../../optional-lookup';
import { readAgents } from './agents';
import { createHaloAddLine } from './add-line';
import { createHaloWriteBack } from './write-back';
import { API_ROOT, LIMITS, type HaloPsaSourceConfig } from './config';
import { confirmHaloWork, pullHaloWork } from './work';
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

  /**
   * Agent id -> email: Halo clients name their account manager by agent id only. An API agent not
   * allowed to read agents only loses the emails, not the source.
   */
  async function agentEmails(warnings: string[]): Promise<Map<number, string>> {
    const agents = await readAgents(http, { what: 'HaloPSA agents (account managers)', instead: VCIO_FALLBACK, warnings });
    return new Map(agents.flatMap((a) => (a.email ? [[a.id, a.email] as const] : [])));
  }

  const partitioned = haloPartitions({ source, http, list, agentEmails });

  return {
    ...core,
    partitioned,
    pull: async (night) => (await pullWhole(partitioned, night)).pull,
    ...createHaloWriteBack(http, source.recurringInvoiceMode),
    ...createHaloAddLine(http, source.recurringInvoiceMode, source.pageSize),
    pullWork: (night, window) => pullHaloWork(http, source, night, window),
    confirmWork: (_night, request) => confirmHaloWork(http, source, request),
    billTimeEntry: (req) => billHaloTime(http, source.chargeTypeLookupId, req),
  };
}
