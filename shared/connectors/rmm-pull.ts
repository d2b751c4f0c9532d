import type * as z from 'zod';
import type { Client, Device, QuarantinedRecord, SourcePull } from '../domain/model';
import { parseEach } from './validate';

/** One list an RMM serves: its pages (in the vendor's paging style), how a record is checked and mapped. */
export interface RmmList<S extends z.ZodType, T> {
  pages: AsyncIterable<readonly unknown[]>;
  schema: S;
  map: (record: z.infer<S>) => T;
  /** The entity name quarantined records are filed under. */
  entity: string;
}

/**
 * Every RMM pull is the same two lists: organizations (sites, clients), then one account-wide
 * device list, each record validated and mapped, malformed ones quarantined. Each vendor keeps
 * its own paging style and record schemas; only this scaffold is shared.
 */
export async function pullRmm<SO extends z.ZodType, SD extends z.ZodType>(sourceId: string, orgs: RmmList<SO, Client>, devices: RmmList<SD, Device>): Promise<SourcePull> {
  const quarantined: QuarantinedRecord[] = [];
  const clients: Client[] = [];
  for await (const page of orgs.pages) clients.push(...parseEach(page, orgs.schema, orgs.map, { sourceId, entity: orgs.entity }, quarantined));
  const found: Device[] = [];
  for await (const page of devices.pages) found.push(...parseEach(page, devices.schema, devices.map, { sourceId, entity: devices.entity }, quarantined));
  return { clients, agreements: [], devices: found, subscriptions: [], quarantined, warnings: [] };
}
