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
 * | automate    | https://yourco.hostedrmm.com/cwa/api/v1                  | OpenAPI servers https://{automateHost}/cwa + paths /api/v1/... | completed with /cwa/api/v1, with a warning |
 * | pax8        | https://api.pax8.com/v1 (the default)                    | OpenAPI servers                                    | completed with /v1, with a warning   |
 * | autotask    | none: zone discovery (zoneLookupUrl) finds the API root per user | ZoneInformation                            | -                                    |
 */

/** How a vendor's baseUrl relates to its API root: each vendor's config.ts states its own. */
export interface ApiRootRule {
  /** The path a bare host is completed with; null when a bare host cannot be completed safely. */
  rootPath: string | null;
  /** A baseUrl to show in messages. */
  example: string;
  /** The root is the host alone: no other path is accepted, except `dropSuffix`, dropped with a warning. */
  hostOnly?: { dropSuffix: string };
}

const trim = (url: string): string => url.replace(/\/+$/, '');
const pathOf = (url: string): string => trim(new URL(url).pathname);

/** Why this baseUrl cannot be used, for the config check; undefined when it can (perhaps completed). */
export function apiRootProblem(rule: ApiRootRule, baseUrl: string): string | undefined {
  if (!URL.canParse(baseUrl)) return undefined; // the URL check says what is wrong
  const path = pathOf(baseUrl);
  if (rule.rootPath === null && path === '') return `give the API root with its codebase path, e.g. ${rule.example}`;
  if (rule.hostOnly && path !== '' && path !== rule.hostOnly.dropSuffix) return `give the region host without a path, e.g. ${rule.example}`;
  return undefined;
}

/** The API root to call, and a warning when the configured baseUrl had to be completed or trimmed. */
export function apiRoot(rule: ApiRootRule, source: { id: string; baseUrl: string }): { url: string; warning?: string } {
  const given = trim(source.baseUrl);
  const path = pathOf(given);
  let url = given;
  if (rule.hostOnly && path === rule.hostOnly.dropSuffix) url = given.slice(0, -rule.hostOnly.dropSuffix.length);
  else if (path === '' && rule.rootPath) url = `${given}${rule.rootPath}`;
  if (url === given) return { url };
  return { url, warning: `sources "${source.id}": baseUrl ${given} is not the API root; using ${url}. Put ${url} in the config (baseUrl means the API root for every vendor).` };
}
