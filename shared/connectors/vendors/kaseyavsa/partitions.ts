import * as z from 'zod';
import { Client, Device, type QuarantinedRecord } from '../../../domain/model';
import type { SourceConfig } from '../../../config/schema';
import type { HttpClient } from '../../http/client';
import { topSkipPages, type TopSkipPage } from '../../http/paging/top-skip';
import type { Fragment, PartitionedPull, PartitionSpec, Step } from '../../partitions';
import { parseEach } from '../../validate';
import { toClient, toDevice } from './map';
import { VsaAgent, VsaOrg } from './records';
import type { KaseyaVsaSourceConfig } from './config';

const pageSize = (source: SourceConfig) => (source.kind === 'kaseyavsa' ? source.pageSize : 100);

/**
 * The head reads the organizations; the agent list, 100 a page at most [V3], splits by $skip
 * offsets (rows served, so a short page shifts nothing). 500,000 agents are 5,000 requests, past
 * one invocation at 285 a minute. [I] VSA publishes no limit; taken as per server (tenant).
 */
export const VSA_PARTITIONS: PartitionSpec = {
  limitScope: 'tenant',
  headRequests: (source, sizes) => Math.max(1, Math.ceil((sizes.clients ?? 0) / pageSize(source))),
  lists: [{ name: 'devices', unit: 'offset', perRequest: pageSize }],
};

const Head = z.object({ clients: z.array(Client) });

interface Deps {
  source: KaseyaVsaSourceConfig;
  http: HttpClient;
  unwrap: (body: unknown) => TopSkipPage | string;
}

/** Kaseya VSA's pull as its organizations and $skip ranges of its agents; `pull()` runs it whole (pullWhole). */
export function vsaPartitions({ source, http, unwrap }: Deps): PartitionedPull {
  const where = (entity: string) => ({ sourceId: source.id, entity });
  return {
    spec: VSA_PARTITIONS,
    async head() {
      const quarantined: QuarantinedRecord[] = [];
      const clients: Client[] = [];
      for await (const page of topSkipPages(http, { path: 'system/orgs', orderBy: 'OrgId' }, source.pageSize, unwrap))
        clients.push(...parseEach(page, VsaOrg, toClient, where('org'), quarantined));
      return { records: { clients }, quarantined, warnings: [] };
    },
    // One list of every agent in the user's scope rather than one per organization: the same records in ceil(agents / pageSize) requests.
    async *steps(_night, partition): AsyncGenerator<Step> {
      let next = partition.from;
      for await (const page of topSkipPages(http, { path: 'assetmgmt/agents', orderBy: 'AgentId' }, source.pageSize, unwrap, partition)) {
        const quarantined: QuarantinedRecord[] = [];
        const fragment: Fragment = { records: { devices: parseEach(page, VsaAgent, toDevice, where('agent'), quarantined) }, quarantined, warnings: [] };
        next += page.length;
        yield { fragment, next };
      }
    },
    assemble(head, body) {
      const { clients } = Head.parse(head.records);
      const devices = z.array(Device).parse(body.records.devices ?? []);
      return { clients, agreements: [], devices, subscriptions: [], quarantined: [...head.quarantined, ...body.quarantined], warnings: [...head.warnings, ...body.warnings] };
    },
  };
}
