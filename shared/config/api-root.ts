/**
 * One meaning of `baseUrl` for every source: the API root, the server address the vendor's API
 * reference gives, to which every documented endpoint path is appended. Trueup adds only those
 * endpoint paths (`v2/devices`, `Client`), never a prefix of its own.
 *
 * | vendor      | baseUrl (the API root)                                   | where the vendor gives it                          | a bare host                          |
 * |-------------|----------------------------------------------------------|----------------------------------------------------|--------------------------------------|
 * | connectwise | https://api-na.myconnectwise.net/v4_6_release/apis/3.0   | OpenAPI servers: https://{site}/{codebase}/apis/3.0 | refused: the codebase differs per site |
 * | halopsa     | https://yourco.halopsa.com/api                           | Halo API settings, "Resource Server"               | completed with /api, with a warning  |
 * | syncro      | https://yourco.syncromsp.com/api/v1                      | Swagger servers                                    | completed with /api/v1, with a warning |
 * | ninjaone    | https://app.ninjarmm.com (or eu., ca., oc. ...)          | API paths start /v2/ on the region host [I: the spec names no server] | is the root; a trailing /v2 is dropped, with a warning |
 * | dattormm    | https://merlot-api.centrastage.net/api                   | OpenAPI servers (https://concord-api.centrastage.net/api) | completed with /api, with a warning (the form Trueup took before) |
 * | pax8        | https://api.pax8.com/v1 (the default)                    | OpenAPI servers                                    | completed with /v1, with a warning   |
 * | autotask    | none: zone discovery (zoneLookupUrl) finds the API root per user | ZoneInformation                            | -                                    |
 */

type Kind = 'connectwise' | 'halopsa' | 'syncro' | 'ninjaone' | 'dattormm' | 'pax8';

/** The path a bare host is completed with; null when a bare host cannot be completed safely. */
const ROOT_PATH: Record<Kind, string | null> = {
  connectwise: null,
  halopsa: '/api',
  syncro: '/api/v1',
  ninjaone: '',
  dattormm: '/api',
  pax8: '/v1',
};

const EXAMPLE: Record<Kind, string> = {
  connectwise: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0',
  halopsa: 'https://yourco.halopsa.com/api',
  syncro: 'https://yourco.syncromsp.com/api/v1',
  ninjaone: 'https://app.ninjarmm.com',
  dattormm: 'https://merlot-api.centrastage.net/api',
  pax8: 'https://api.pax8.com/v1',
};

const trim = (url: string): string => url.replace(/\/+$/, '');
const pathOf = (url: string): string => trim(new URL(url).pathname);

/** Why this baseUrl cannot be used, for the config check; undefined when it can (perhaps completed). */
export function apiRootProblem(kind: Kind, baseUrl: string): string | undefined {
  if (!URL.canParse(baseUrl)) return undefined; // the URL check says what is wrong
  const path = pathOf(baseUrl);
  if (kind === 'connectwise' && path === '') return `give the API root with its codebase path, e.g. ${EXAMPLE.connectwise}`;
  if (kind === 'ninjaone' && path !== '' && path !== '/v2') return `give the region host without a path, e.g. ${EXAMPLE.ninjaone}`;
  return undefined;
}

/** The API root to call, and a warning when the configured baseUrl had to be completed or trimmed. */
export function apiRoot(source: { kind: Kind; id: string; baseUrl: string }): { url: string; warning?: string } {
  const given = trim(source.baseUrl);
  const path = pathOf(given);
  const root = ROOT_PATH[source.kind];
  let url = given;
  if (source.kind === 'ninjaone' && path === '/v2') url = given.slice(0, -'/v2'.length);
  else if (path === '' && root) url = `${given}${root}`;
  if (url === given) return { url };
  return { url, warning: `sources "${source.id}": baseUrl ${given} is not the API root; using ${url}. Put ${url} in the config (baseUrl means the API root for every vendor).` };
}

/** The warning for a configured source, if its baseUrl had to be adjusted; for sources without a baseUrl, none. */
export function apiRootWarning(source: { kind: string; id: string; baseUrl?: string }): string | undefined {
  if (!source.baseUrl || !(source.kind in ROOT_PATH)) return undefined;
  return apiRoot({ kind: source.kind as Kind, id: source.id, baseUrl: source.baseUrl }).warning;
}
