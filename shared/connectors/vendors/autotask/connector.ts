import { staticHeaders } from '../../http/auth';
import type { HttpClient, HttpStats } from '../../http/client';
import { httpForSource, sourceLimiter } from '../../http/for-source';
import type { ConnectorDeps, PsaConnector, WorkConnector } from '../../types';
import { pullAutotask } from './pull';
import { addServiceLine, findServiceLine } from './add-line';
import { readLineUnits, writeLineUnits, type UnitsContext } from './units';
import { discoverZone } from './zone';
import { confirmAutotaskWork, pullAutotaskWork } from './work';
import { billAutotaskTime } from './bill-time';
import { LIMITS, type AutotaskSourceConfig } from './config';

const AUTH_HINT =
  'the API user name, secret and integration code (tracking identifier), and that the user is an API-only user (API User security level) in the zone its name resolves to';

/**
 * Datto Autotask PSA over REST: zone discovery, header auth, POSTed queries paged by
 * nextPageUrl, seat changes written as ContractServiceAdjustments deltas, services added to contracts,
 * and ticket time, tickets and invoices read for the labor review, with time entries made billable.
 */
export function createAutotaskConnector(source: AutotaskSourceConfig, deps: ConnectorDeps): PsaConnector & WorkConnector {
  const vendor = `Autotask PSA (${source.id})`;
  const secret = (ref: Parameters<ConnectorDeps['secrets']>[0], what: string) => deps.secrets(ref, `${source.id}: Autotask ${what}`);
  // The zone lookup takes no credentials and is exempt from thread limits [V].
  const zoneHttp = httpForSource(source, deps, { vendor, baseUrl: source.zoneLookupUrl, auth: staticHeaders(async () => ({})), authHint: 'the API user name' });
  // 10,000 requests per rolling hour per database, shared by every integration of the tenant [V].
  const limiter = sourceLimiter(source, deps, LIMITS.rateLimit);
  const auth = staticHeaders(async () => {
    const [UserName, Secret, ApiIntegrationCode] = await Promise.all([
      secret(source.username, 'API user name'),
      secret(source.secret, 'API secret'),
      secret(source.integrationCode, 'API integration code'),
    ]);
    return { ApiIntegrationCode, UserName, Secret, ...(source.impersonationResourceId ? { ImpersonationResourceId: source.impersonationResourceId } : {}) };
  });

  let api: HttpClient | undefined;
  let zone: Promise<HttpClient> | undefined;
  const client = (): Promise<HttpClient> =>
    (zone ??= (async () => {
      const baseUrl = await discoverZone(zoneHttp, source.zoneLookupUrl, await secret(source.username, 'API user name'));
      api = httpForSource(source, deps, { vendor, baseUrl, auth, authHint: AUTH_HINT, limiter });
      return api;
    })().catch((err: unknown) => {
      // A failed lookup is tried again on the next call rather than cached for the process.
      zone = undefined;
      throw err;
    }));
  // "Today" is the caller's date in the MSP's time zone: the night's run date, or the day a
  // change is read or written. The current billing period is the one covering it.
  const context = async (today: string): Promise<UnitsContext> => ({ http: await client(), sourceId: source.id, pageSize: source.pageSize, today });

  return {
    sourceId: source.id,
    pull: async ({ runDate }) => pullAutotask({ ...(await context(runDate)), contractType: source.recurringContractType }),
    readLineQuantity: async (ref, onDate) => readLineUnits(await context(onDate), ref),
    writeLineQuantity: async (req) => writeLineUnits(await context(req.effectiveDate), req),
    findProductLine: async (contractId, names, onDate) => findServiceLine(await context(onDate), contractId, names),
    addLine: async (req) => addServiceLine(await context(req.effectiveDate), req),
    pullWork: async ({ runDate }, window) => pullAutotaskWork({ ...(await context(runDate)), window, completeStatus: source.ticketCompleteStatus }),
    confirmWork: async ({ runDate }, request) => confirmAutotaskWork({ ...(await context(runDate)), completeStatus: source.ticketCompleteStatus }, request),
    billTimeEntry: async (req) => billAutotaskTime({ http: await client(), pageSize: source.pageSize }, req),
    stats: () => sumStats(zoneHttp.stats, api?.stats),
  };
}

function sumStats(a: HttpStats, b: HttpStats | undefined): HttpStats {
  return {
    requests: a.requests + (b?.requests ?? 0),
    retries: a.retries + (b?.retries ?? 0),
    throttled: a.throttled + (b?.throttled ?? 0),
    serverErrors: a.serverErrors + (b?.serverErrors ?? 0),
  };
}
