import type { WriteBackRef } from '../../../domain/model';
import { basic, staticHeaders } from '../../http/auth';
import { defineConnector } from '../define';
import { VendorRequestError, WriteBackConflictError } from '../../http/errors';
import { forwardOnlyPages } from '../../http/paging/link-header';
import type { ConnectorDeps, PsaConnector, WorkConnector, WriteBackRequest, WriteBackResult } from '../../types';
import { connectWiseAddLine } from './add-line';
import { connectWiseWork } from './work';
import { CwAdditionQuantity, CwLineRef } from './records';
import { pullWhole } from '../../partitions';
import { connectWisePartitions } from './partitions';
import { LIMITS, type ConnectWiseSourceConfig } from './config';

/** Pins the response shapes to the spec version the records were checked against [V]. */
const MEDIA_TYPE = 'application/vnd.connectwise.com+json; version=2025.8';

/** ConnectWise PSA (Manage): companies, agreements and their additions; quantities written back by PATCH, lines added by POST. */
export function createConnectWiseConnector(source: ConnectWiseSourceConfig, deps: ConnectorDeps): PsaConnector & WorkConnector {
  const vendor = `ConnectWise PSA (${source.id})`;
  const { http, core } = defineConnector(source, deps, {
    vendor,
    baseUrl: source.baseUrl,
    // [V] Basic `{companyId}+{publicKey}:{privateKey}`, plus the integration's clientId on every call.
    auth: staticHeaders(async () => {
      const [publicKey, privateKey, clientId] = await Promise.all([
        deps.secrets(source.publicKey, `${source.id}.publicKey`),
        deps.secrets(source.privateKey, `${source.id}.privateKey`),
        deps.secrets(source.clientId, `${source.id}.clientId`),
      ]);
      return { Authorization: basic(`${source.companyId}+${publicKey}`, privateKey), clientId, Accept: MEDIA_TYPE };
    }),
    authHint: `the company id ("${source.companyId}"), the public/private API key pair of the API member, and the clientId registered at developer.connectwise.com`,
    limits: LIMITS,
  });

  const list = async (path: string, conditions?: string): Promise<unknown[]> => {
    const records: unknown[] = [];
    for await (const page of forwardOnlyPages(http, { path, query: { pageSize: source.pageSize, conditions } })) records.push(...page);
    return records;
  };

  const additionPath = (ref: CwLineRef) => `finance/agreements/${ref.agreementId}/additions/${ref.additionId}`;

  const readQuantity = async (ref: CwLineRef): Promise<number> => {
    const res = await http.json({ path: additionPath(ref) });
    const parsed = CwAdditionQuantity.safeParse(res.body);
    if (!parsed.success) throw new VendorRequestError(vendor, `addition ${ref.additionId} of agreement ${ref.agreementId} has no readable quantity`);
    return parsed.data.quantity;
  };

  const parseRef = (ref: WriteBackRef): CwLineRef => {
    const parsed = CwLineRef.safeParse(ref);
    if (!parsed.success) throw new VendorRequestError(vendor, 'the proposal does not name a ConnectWise agreement addition', undefined, JSON.stringify(ref));
    return parsed.data;
  };

  const adding = connectWiseAddLine({ source, vendor, http, list });
  // The raw agreements the seat pull's head read, handed once to the work pull that follows it, so they are not read twice.
  let agreementsRead: unknown[] | null = null;
  const readAgreements = async () => (agreementsRead = await list('finance/agreements', 'cancelledFlag=false'));
  const agreementsOnce = async () => {
    const kept = agreementsRead;
    agreementsRead = null;
    return kept ?? readAgreements();
  };
  const partitioned = connectWisePartitions({ source, list, agreements: readAgreements });
  const work = connectWiseWork({ source, vendor, http, list, agreements: agreementsOnce });

  return {
    ...core,

    partitioned,
    pull: async (night) => (await pullWhole(partitioned, night)).pull,

    readLineQuantity: (ref) => readQuantity(parseRef(ref)),

    async writeLineQuantity(req: WriteBackRequest): Promise<WriteBackResult> {
      const ref = parseRef(req.ref);
      const current = await readQuantity(ref);
      if (current !== req.expectedQuantity) throw new WriteBackConflictError(vendor, req.expectedQuantity, current);

      const prorated = source.writeBackEffective === 'prorated';
      // [V shape] JSON Patch list; [I] CW takes a scalar value and a path without the leading slash.
      const ops: Array<{ op: 'replace'; path: string; value: number | boolean }> = [{ op: 'replace', path: 'quantity', value: req.newQuantity }];
      if (prorated) ops.push({ op: 'replace', path: 'prorateCurrentPeriodFlag', value: true });
      // PATCH is not idempotent: HttpClient sends it once after a 5xx (only a 429, refused before it ran, is repeated).
      const res = await http.json({ method: 'PATCH', path: additionPath(ref), json: ops });
      const written = CwAdditionQuantity.safeParse(res.body);
      if (written.success && written.data.quantity !== req.newQuantity)
        throw new VendorRequestError(vendor, `addition ${ref.additionId} reads ${written.data.quantity} after setting ${req.newQuantity}; check it in ConnectWise`);

      return {
        previousQuantity: current,
        newQuantity: req.newQuantity,
        // [I] CW takes the change when the PATCH lands (no date is sent); proration is read from the flag's name.
        effective: prorated
          ? `from ${req.effectiveDate}, prorated for the rest of the current billing period of agreement ${ref.agreementId}, then in full`
          : `from the next invoice of agreement ${ref.agreementId}, in full (the current period is not prorated)`,
      };
    },

    pullWork: work.pullWork,
    confirmWork: work.confirmWork,
    billTimeEntry: work.billTimeEntry,

    findProductLine: adding.findProductLine,
    addLine: adding.addLine,
  };
}
