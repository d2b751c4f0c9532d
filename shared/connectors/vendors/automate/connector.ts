import { pullRmm } from '../../rmm-pull';
import * as z from 'zod';
import { apiRoot } from '../../../config/api-root';
import type { AuthStrategy } from '../../http/auth';
import { oauth2 } from '../../http/auth';
import { instantFromIso } from '../../epoch';
import { shortPagePages } from '../../http/paging/short-page';
import type { Connector, ConnectorDeps } from '../../types';
import { defineConnector } from '../define';
import { API_ROOT, LIMITS, type AutomateSourceConfig } from './config';
import { toClient, toDevice } from './map';
import { AutomateClient, AutomateComputer } from './records';

/** The TokenResult fields Trueup reads [V: spec schema Automate.Api.Domain.Contracts.Security.TokenResult]. */
const TokenResult = z.object({
  AccessToken: z.string().min(1),
  ExpirationDate: z.iso.datetime({ offset: true, local: true }).nullish(),
  IsTwoFactorRequired: z.boolean().nullish(),
});

/** [I] a token whose ExpirationDate is missing is kept for 15 minutes; a 401 logs in again anyway. */
const DEFAULT_TOKEN_SECONDS = 900;

export function createAutomateConnector(source: AutomateSourceConfig, deps: ConnectorDeps): Connector {
  const vendor = `ConnectWise Automate (${source.id})`;
  const root = apiRoot(API_ROOT, source).url;
  const authHint = `username, password and clientId of source "${source.id}": an Automate user allowed to read computers and clients, without two-factor (or an integrator login), and a ConnectWise developer clientId, on the server ${root}`;
  const clientId = () => deps.secrets(source.clientId, `${source.id} clientId`);
  const login = oauth2({
    vendor,
    authHint,
    timeoutMs: source.timeoutMs,
    fetch: deps.fetch,
    // Not OAuth: a JSON login to /APIToken returning TokenResult [V: spec TokenCredentials/TokenResult].
    request: async () => ({
      url: `${root}/APIToken`,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', clientId: await clientId() },
      body: JSON.stringify({
        Username: await deps.secrets(source.username, `${source.id} username`),
        Password: await deps.secrets(source.password, `${source.id} password`),
        // A nightly job cannot answer a two-factor prompt.
        TwoFactorPasscode: '',
      }),
    }),
    readToken: (body, nowMs) => {
      const result = TokenResult.safeParse(body);
      if (!result.success || result.data.IsTwoFactorRequired) return undefined;
      const expires = result.data.ExpirationDate ? Date.parse(instantFromIso(result.data.ExpirationDate)) : NaN;
      return { token: result.data.AccessToken, expiresIn: Number.isFinite(expires) ? (expires - nowMs) / 1000 : DEFAULT_TOKEN_SECONDS };
    },
  });
  // Every call carries the developer clientId beside the bearer token [V].
  const auth: AuthStrategy = {
    headers: async () => ({ ...(await login.headers()), clientId: await clientId() }),
    invalidate: (rejected) => login.invalidate?.(rejected),
  };
  const { http, core } = defineConnector(source, deps, { vendor, baseUrl: root, auth, authHint, limits: LIMITS });

  return {
    ...core,
    pull: () =>
      pullRmm(
        source.id,
        { pages: shortPagePages(http, { path: 'Clients' }, source.pageSize), schema: AutomateClient, map: toClient, entity: 'client' },
        // One server-wide computer list rather than one per client: ceil(computers / pageSize) requests.
        { pages: shortPagePages(http, { path: 'Computers' }, source.pageSize), schema: AutomateComputer, map: toDevice, entity: 'computer' },
      ),
  };
}
