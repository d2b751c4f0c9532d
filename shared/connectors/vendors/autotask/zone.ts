import * as z from 'zod';
import type { HttpClient } from '../../http/client';
import { VendorAuthError, VendorRequestError } from '../../http/errors';

/**
 * ZoneInformationResultModel {ZoneName, Url, WebUrl, CI} [V]; the JSON comes back with
 * lower-case keys (url, webUrl) [V3], so keys are matched case-insensitively.
 */
const ZoneInformation = z
  .record(z.string(), z.unknown())
  .transform((rec) => Object.fromEntries(Object.entries(rec).map(([k, v]) => [k.toLowerCase(), v])))
  .pipe(z.object({ url: z.url({ protocol: /^https?$/ }) }));

/**
 * Finds the API zone of an API user: GET {zoneLookupUrl}?user={name}, no credentials [V]. The
 * answer is a base like https://webservices5.autotask.net/ATServicesRest/, to which V1.0/... is added.
 */
export async function discoverZone(http: HttpClient, lookupUrl: string, user: string): Promise<string> {
  const hint = `Check the API user name "${user}": Autotask finds the zone from it.`;
  let body: unknown;
  try {
    body = (await http.json({ path: lookupUrl, query: { user } })).body;
  } catch (err) {
    // [I] an unknown user is answered with a 4xx; it is a credentials problem, not a request bug.
    if (err instanceof VendorRequestError) throw new VendorAuthError(http.vendor, `zone lookup refused (HTTP ${err.status}). ${hint}`, err.status);
    throw err;
  }
  const zone = ZoneInformation.safeParse(body);
  if (!zone.success) throw new VendorAuthError(http.vendor, `zone lookup returned no zone URL. ${hint}`);
  return zone.data.url.endsWith('/') ? zone.data.url : `${zone.data.url}/`;
}
