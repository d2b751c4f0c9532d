import * as z from 'zod';
import { Agreement, Client, type AgreementLine, type QuarantinedRecord } from '../../../domain/model';
import type { SourceConfig } from '../../../config/schema';
import type { Fragment, PartitionedPull, PartitionSpec } from '../../partitions';
import { parseEach } from '../../validate';
import { toAgreement, toClient, toLine } from './map';
import { CwAddition, CwAgreement, CwCompany } from './records';
import type { ConnectWiseSourceConfig } from './config';

const pageSize = (source: SourceConfig) => (source.kind === 'connectwise' ? source.pageSize : 1000);

/**
 * The head lists companies and agreements (a page per 1,000); the agreements' additions, one
 * request each, are the work partitions split, as ranges of the head's agreement list. [I] CW
 * publishes no rate; its limit is taken as per tenant, so the partitions take half by default.
 */
export const CW_PARTITIONS: PartitionSpec = {
  limitScope: 'tenant',
  headRequests: (source, sizes) => Math.max(1, Math.ceil((sizes.clients ?? 0) / pageSize(source))) + Math.max(1, Math.ceil((sizes.agreements ?? 0) / pageSize(source))),
  lists: [{ name: 'agreements', unit: 'item', perRequest: () => 1 }],
};

const Head = z.object({ clients: z.array(Client), cwAgreements: z.array(CwAgreement) });

interface Deps {
  source: ConnectWiseSourceConfig;
  list(path: string, conditions?: string): Promise<unknown[]>;
  /** Reads the active agreements (the connector keeps them for the night's work pull). */
  agreements(): Promise<unknown[]>;
}

/** ConnectWise's pull as a head and ranges of agreements; `pull()` runs it whole (pullWhole). */
export function connectWisePartitions({ source, list, agreements }: Deps): PartitionedPull {
  const where = (entity: string) => ({ sourceId: source.id, entity });
  const readHead = (f: Fragment) => Head.parse(f.records);
  return {
    spec: CW_PARTITIONS,
    async head() {
      const quarantined: QuarantinedRecord[] = [];
      // [I] the conditions only keep pulls small; deleted companies are skipped here too in case one slips through.
      const companies = parseEach(await list('company/companies', 'deletedFlag=false'), CwCompany, (c) => c, where('company'), quarantined);
      // A cancelled agreement bills nothing and has no renewal ahead, so it is not fetched.
      const cwAgreements = parseEach(await agreements(), CwAgreement, (a) => a, where('agreement'), quarantined);
      const clients = companies.filter((c) => !c.deletedFlag).map(toClient);
      return { records: { clients, cwAgreements }, quarantined, warnings: [] };
    },
    // One additions call per agreement, one at a time: CW asks integrations to keep concurrency low.
    async *steps(_night, partition, headFragment) {
      const { cwAgreements } = readHead(headFragment);
      const end = Math.min(partition.to ?? cwAgreements.length, cwAgreements.length);
      for (let i = partition.from; i < end; i++) {
        const a = cwAgreements[i]!;
        const quarantined: QuarantinedRecord[] = [];
        const lines = parseEach(await list(`finance/agreements/${a.id}/additions`), CwAddition, (add) => toLine(a.id, add, a.billingCycle?.name), where(`addition (agreement ${a.id})`), quarantined);
        const fragment: Fragment = { records: { agreements: [toAgreement(a, lines.filter((l): l is AgreementLine => l !== null))] }, quarantined, warnings: [] };
        yield { fragment, next: i + 1 };
      }
    },
    assemble(headFragment, body) {
      const { clients } = readHead(headFragment);
      const agreements = z.array(Agreement).parse(body.records.agreements ?? []);
      return { clients, agreements, devices: [], subscriptions: [], quarantined: [...headFragment.quarantined, ...body.quarantined], warnings: [...headFragment.warnings, ...body.warnings] };
    },
  };
}
