import { pullRmm } from '../../rmm-pull';
import * as z from 'zod';
import { apiRoot } from '../../../config/api-root';
import type { AntivirusState, Client, Device } from '../../../domain/model';
import type { Connector, ConnectorDeps } from '../../types';
import { basic, oauth2 } from '../../http/auth';
import { defineConnector } from '../define';
import { nextPageUrlPages } from '../../http/paging/next-page-url';
import { hardwareDate, instantFromEpoch, instantFromIso } from '../../epoch';
import { dattoDeviceClass } from '../../device-class';
import { API_ROOT, LIMITS, type DattoRmmSourceConfig } from './config';

/** The Site fields Trueup reads [V: spec schema Site]. */
export const DattoSite = z.object({
  id: z.number().int(),
  name: z.string().min(1),
  // The spec types it as a string; accept a number too rather than lose the cross-reference [I].
  autotaskCompanyId: z.union([z.string(), z.number()]).nullish(),
});

/** The Device fields Trueup reads [V: spec schema Device]. */
export const DattoDevice = z.object({
  id: z.number().int(),
  siteId: z.number().int(),
  hostname: z.string().nullish(),
  deviceClass: z.string().nullish(),
  deviceType: z.object({ category: z.string().nullish(), type: z.string().nullish() }).nullish(),
  operatingSystem: z.string().nullish(),
  deleted: z.boolean().nullish(),
  // [V field note] the spec says date-time, live accounts send epoch milliseconds: accept both.
  lastSeen: z.union([z.number().nonnegative(), z.iso.datetime({ offset: true, local: true })]).nullish(),
  // Expansion signals only: unreadable ones are dropped (.catch), never a reason to quarantine a device.
  antivirus: z.object({ antivirusProduct: z.string().nullish(), antivirusStatus: z.string().nullish() }).nullish().catch(null),
  // [V] a string; its form is not documented [I]: a date or date-time is read, anything else dropped.
  warrantyDate: z.string().nullish().catch(null),
});

/** Datto RMM antivirusStatus [V: enum] -> the canonical state; an unknown word is not reported. */
export const DATTO_ANTIVIRUS: Record<string, AntivirusState> = { RunningAndUpToDate: 'protected', RunningAndNotUpToDate: 'at-risk', NotRunning: 'at-risk', NotDetected: 'none' };

export function createDattoRmmConnector(source: DattoRmmSourceConfig, deps: ConnectorDeps): Connector {
  const vendor = `Datto RMM (${source.id})`;
  // The API root ends in /api; the token endpoint is beside it on the same host.
  const root = apiRoot(API_ROOT, source).url;
  const base = new URL(root).origin;
  const authHint = `apiKey and apiSecret of source "${source.id}" (Setup > Users > Generate API Keys), that API access is enabled under Setup > Global Settings > Access Control, and that ${base} is your platform's API host`;
  const auth = oauth2({
    vendor,
    authHint,
    timeoutMs: source.timeoutMs,
    fetch: deps.fetch,
    // [V3] a password grant through Datto's public client, as many independent clients do it.
    request: async () => ({
      url: source.tokenUrl ?? `${base}/auth/oauth/token`,
      headers: { Authorization: basic('public-client', 'public'), 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: await deps.secrets(source.apiKey, `${source.id} apiKey`),
        password: await deps.secrets(source.apiSecret, `${source.id} apiSecret`),
      }).toString(),
    }),
  });
  const { http, core } = defineConnector(source, deps, {
    vendor,
    baseUrl: root,
    auth,
    authHint,
    limits: LIMITS,
  });

  return {
    ...core,
    pull: () =>
      pullRmm(
        source.id,
        { pages: nextPageUrlPages(http, { path: 'v2/account/sites', query: { max: source.pageSize } }, 'sites'), schema: DattoSite, map: toClient, entity: 'site' },
        // The account-wide list rather than /v2/site/{uid}/devices per site: the same devices in
        // ceil(devices / max) requests instead of at least one per site, which matters against an
        // account-wide 600 requests a minute shared with every other integration.
        { pages: nextPageUrlPages(http, { path: 'v2/account/devices', query: { max: source.pageSize } }, 'devices'), schema: DattoDevice, map: toDevice, entity: 'device' },
      ),
  };
}

function toClient(site: z.infer<typeof DattoSite>): Client {
  const autotaskId = site.autotaskCompanyId == null ? '' : String(site.autotaskCompanyId).trim();
  return {
    // [I] the numeric site id, like the device's siteId; the uid is only needed to address a site.
    externalId: String(site.id),
    name: site.name,
    active: true,
    refs: autotaskId ? [{ vendor: 'autotask', id: autotaskId }] : [],
    deviceRefs: [],
    accountManagerEmail: null,
  };
}

function toDevice(d: z.infer<typeof DattoDevice>): Device {
  return {
    externalId: String(d.id),
    clientExternalId: String(d.siteId),
    name: d.hostname ?? '',
    deviceClass: dattoDeviceClass({ deviceClass: d.deviceClass, category: d.deviceType?.category, operatingSystem: d.operatingSystem }),
    vendorClass: [d.deviceClass, d.deviceType?.category, d.operatingSystem].filter(Boolean).join(' / '),
    lastSeenAt: lastSeenAt(d.lastSeen),
    // Datto RMM has no approval step: an agent that reports is managed.
    approved: true,
    // Carried, not dropped: the recipes decide whether deleted devices count.
    deleted: d.deleted ?? false,
    ...(d.operatingSystem ? { osName: d.operatingSystem } : {}),
    ...(d.antivirus?.antivirusStatus && Object.hasOwn(DATTO_ANTIVIRUS, d.antivirus.antivirusStatus) ? { antivirus: DATTO_ANTIVIRUS[d.antivirus.antivirusStatus]! } : {}),
    ...(hardwareDate(d.warrantyDate) ? { warrantyEndsOn: hardwareDate(d.warrantyDate) } : {}),
  };
}

function lastSeenAt(value: number | string | null | undefined): string | null {
  if (value == null) return null;
  return typeof value === 'number' ? instantFromEpoch(value) : instantFromIso(value);
}
