import { pullRmm } from '../../rmm-pull';
import * as z from 'zod';
import { apiRoot } from '../../../config/api-root';
import type { Client, Device } from '../../../domain/model';
import type { Connector, ConnectorDeps } from '../../types';
import { oauth2 } from '../../http/auth';
import { defineConnector } from '../define';
import { afterCursorPages } from '../../http/paging/after-cursor';
import { hardwareDate, instantFromEpoch } from '../../epoch';
import { ninjaDeviceClass } from '../../device-class';
import { API_ROOT, LIMITS, type NinjaOneSourceConfig } from './config';

/** The Organization fields Trueup reads [V: spec schema Organization]. */
export const NinjaOrganization = z.object({
  id: z.number().int(),
  name: z.string().min(1),
});

/** The device fields Trueup reads [V: spec schema NodeWithDetailedReferences]. */
export const NinjaDevice = z.object({
  id: z.number().int(),
  organizationId: z.number().int(),
  // Optional and any string: a device without a nodeClass, or with one added after our spec copy,
  // is kept as UNCLASSIFIED (listed, counted by no recipe), not quarantined or lost.
  nodeClass: z.string().nullish(),
  approvalStatus: z.string().nullish(),
  displayName: z.string().nullish(),
  systemName: z.string().nullish(),
  dnsName: z.string().nullish(),
  /** Epoch seconds with fractions [V: format double]; milliseconds are recognised too. */
  lastContact: z.number().nonnegative().nullish(),
  // [V: NodeReferences.warranty, WarrantyDates in epoch seconds]; whether the list fills references is not documented [I].
  // Expansion signals only: unreadable ones are dropped (.catch), never a reason to quarantine a device.
  references: z
    .object({ warranty: z.object({ startDate: z.number().nullish(), endDate: z.number().nullish(), manufacturerFulfillmentDate: z.number().nullish() }).nullish() })
    .nullish()
    .catch(null),
});

export function createNinjaOneConnector(source: NinjaOneSourceConfig, deps: ConnectorDeps): Connector {
  const vendor = `NinjaOne (${source.id})`;
  const base = apiRoot(API_ROOT, source).url;
  // [I] the console path is from NinjaOne's help pages, not checked against a live tenant.
  const authHint = `clientId and clientSecret of source "${source.id}": a NinjaOne API client app (Administration > Apps > API) allowed the client-credentials grant and the "monitoring" scope, on the region host ${base}`;
  const auth = oauth2({
    vendor,
    authHint,
    timeoutMs: source.timeoutMs,
    fetch: deps.fetch,
    request: async () => ({
      url: source.tokenUrl ?? `${base}/ws/oauth/token`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: await deps.secrets(source.clientId, `${source.id} clientId`),
        client_secret: await deps.secrets(source.clientSecret, `${source.id} clientSecret`),
        // Read-only: Trueup never changes anything in the RMM.
        scope: 'monitoring',
      }).toString(),
    }),
  });
  const { http, core } = defineConnector(source, deps, {
    vendor,
    baseUrl: base,
    auth,
    authHint,
    limits: LIMITS,
  });

  return {
    ...core,
    pull: () =>
      pullRmm(
        source.id,
        { pages: afterCursorPages(http, { path: 'v2/organizations' }, source.pageSize), schema: NinjaOrganization, map: toClient, entity: 'organization' },
        // One account-wide device list rather than one per organization: the same records in
        // ceil(devices / pageSize) requests instead of at least one per organization.
        { pages: afterCursorPages(http, { path: 'v2/devices' }, source.pageSize), schema: NinjaDevice, map: toDevice, entity: 'device' },
      ),
  };
}

function toClient(org: z.infer<typeof NinjaOrganization>): Client {
  // NinjaOne organizations carry no PSA cross-reference and no active flag.
  return { externalId: String(org.id), name: org.name, active: true, refs: [], deviceRefs: [], accountManagerEmail: null };
}

function toDevice(d: z.infer<typeof NinjaDevice>): Device {
  return {
    externalId: String(d.id),
    clientExternalId: String(d.organizationId),
    name: d.displayName || d.systemName || d.dnsName || '',
    deviceClass: ninjaDeviceClass(d.nodeClass),
    vendorClass: d.nodeClass ?? '',
    lastSeenAt: d.lastContact == null ? null : instantFromEpoch(d.lastContact),
    // [I] A device without approvalStatus is not counted as approved: never overstate a seat count.
    approved: d.approvalStatus === 'APPROVED',
    // Deleted NinjaOne devices leave the list; there is no flag to carry [I].
    deleted: false,
    ...warranty(d.references?.warranty),
  };
}

/** Warranty end, and the hardware's age from the manufacturer's fulfilment date (else the warranty's start) [I]. */
function warranty(w: { startDate?: number | null; endDate?: number | null; manufacturerFulfillmentDate?: number | null } | null | undefined): Pick<Device, 'warrantyEndsOn' | 'builtOn'> {
  const ends = hardwareDate(w?.endDate);
  const built = hardwareDate(w?.manufacturerFulfillmentDate) ?? hardwareDate(w?.startDate);
  return { ...(ends ? { warrantyEndsOn: ends } : {}), ...(built ? { builtOn: built } : {}) };
}
