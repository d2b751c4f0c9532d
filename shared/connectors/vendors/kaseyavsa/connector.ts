import { apiRoot } from '../../../config/api-root';
import type { Connector, ConnectorDeps } from '../../types';
import { basic, oauth2, type ReadToken } from '../../http/auth';
import type { TopSkipPage } from '../../http/paging/top-skip';
import { pullWhole } from '../../partitions';
import { defineConnector } from '../define';
import { API_ROOT, LIMITS, type KaseyaVsaSourceConfig } from './config';
import { vsaPartitions } from './partitions';
import { VsaEnvelope, VsaSession } from './records';

/** [I] a session whose expiry cannot be read is renewed after this long; a 401 sooner logs in again anyway. */
const UNSTATED_SESSION_SECONDS = 30 * 60;

export function createKaseyaVsaConnector(source: KaseyaVsaSourceConfig, deps: ConnectorDeps): Connector {
  const vendor = `Kaseya VSA (${source.id})`;
  const base = apiRoot(API_ROOT, source).url;
  const authHint = `username and personalAccessToken of source "${source.id}": a VSA user's personal access token with REST API scope (System > User Security > Users > Access Tokens, and its IP allow-list), on the server ${base}`;
  // [V] GET auth returns a session token sent as Bearer on every request; [V] a personal access
  // token takes the password's place in that call; [V3: VSAModule] as Basic base64(user:token).
  const auth = oauth2({
    vendor,
    authHint,
    timeoutMs: source.timeoutMs,
    fetch: deps.fetch,
    readToken: readSession,
    request: async () => ({
      url: `${base}/auth`,
      method: 'GET',
      headers: {
        Authorization: basic(await deps.secrets(source.username, `${source.id} username`), await deps.secrets(source.personalAccessToken, `${source.id} personalAccessToken`)),
        Accept: 'application/json',
      },
    }),
  });
  const { http, core } = defineConnector(source, deps, { vendor, baseUrl: base, auth, authHint, limits: LIMITS });

  const partitioned = vsaPartitions({ source, http, unwrap: unwrapList });
  return { ...core, partitioned, pull: async (night) => (await pullWhole(partitioned, night)).pull };
}

/** ResponseCode 0 or 2xx is success [V3: VSAModule]; a missing code with a Result is taken as success [I]. */
const succeeded = (code: number | string | null | undefined) => code == null || /^(0|20\d)$/.test(String(code));

/** A list page: the envelope's Result array and TotalRecords, or why it is not one. */
export function unwrapList(body: unknown): TopSkipPage | string {
  const envelope = VsaEnvelope.safeParse(body);
  if (!envelope.success) return 'the answer is not a {Result, ResponseCode} envelope';
  const { Result, ResponseCode, TotalRecords } = envelope.data;
  // The Error text is the vendor's; the message says only the code (forLog keeps no body here).
  if (!succeeded(ResponseCode)) return `the API answered ResponseCode ${String(ResponseCode)}`;
  if (!Array.isArray(Result)) return 'Result is not a list';
  return { records: Result, total: TotalRecords ?? undefined };
}

/** The auth call's session token and how long it lives. */
export const readSession: ReadToken = (body, nowMs) => {
  const envelope = VsaEnvelope.safeParse(body);
  if (!envelope.success || !succeeded(envelope.data.ResponseCode)) return undefined;
  const session = VsaSession.safeParse(envelope.data.Result);
  if (!session.success) return undefined;
  // [V3: VSAModule] the expiry reads as UTC, then OffSetInMinutes is added to it.
  const expires = Date.parse(session.data.SessionExpiration ?? '') + (session.data.OffSetInMinutes ?? 0) * 60_000;
  const expiresIn = Number.isFinite(expires) ? Math.round((expires - nowMs) / 1000) : UNSTATED_SESSION_SECONDS;
  return { token: session.data.Token, expiresIn };
};
