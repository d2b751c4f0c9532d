import { wallMs } from '../../clock';
import { VendorAuthError, VendorUnavailableError } from './errors';

/** Supplies the headers that authenticate one request. */
export interface AuthStrategy {
  headers(): Promise<Record<string, string>>;
  /**
   * Drop a cached token after a 401, so the next call logs in again (Datto tokens die after 100 h;
   * any vendor may revoke one early). `rejected` is what the refused request sent: when requests
   * run side by side, only the first 401 on a token forces a login, not one login per request.
   */
  invalidate?(rejected: Record<string, string>): void;
}

export function staticHeaders(headers: () => Promise<Record<string, string>>): AuthStrategy {
  let cached: Promise<Record<string, string>> | undefined;
  return { headers: () => (cached ??= headers()) };
}

export interface TokenRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface OAuthOptions {
  vendor: string;
  /** Built lazily so secrets are resolved on first use only. */
  request: () => Promise<TokenRequest>;
  /** What a person should check when the token endpoint says no. */
  authHint: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  now?: () => number;
  /**
   * Reads the token and its lifetime in seconds from the parsed body, for a login that is not an
   * OAuth2 token response (Automate's TokenResult); the default reads access_token/expires_in.
   */
  readToken?: (body: unknown, nowMs: number) => { token: string; expiresIn: number } | undefined;
}

const TokenResponse = (body: unknown): { token: string; expiresIn: number } | undefined => {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.access_token !== 'string' || !b.access_token) return undefined;
  const expiresIn = typeof b.expires_in === 'number' ? b.expires_in : Number(b.expires_in ?? 3600);
  return { token: b.access_token, expiresIn: Number.isFinite(expiresIn) ? expiresIn : 3600 };
};

/**
 * OAuth2 token acquisition and caching, shared by NinjaOne, Datto RMM, Pax8 and HaloPSA. The
 * grant differs per vendor (form or JSON body, Basic client auth or not), so the caller builds
 * the request; caching, expiry and errors are the same everywhere.
 */
export function oauth2(opts: OAuthOptions): AuthStrategy {
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? wallMs;
  const readToken = opts.readToken ?? TokenResponse;
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  const fetchToken = async (): Promise<string> => {
    const req = await opts.request();
    let res: Response;
    try {
      res = await doFetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(opts.timeoutMs) });
    } catch (err) {
      throw new VendorUnavailableError(opts.vendor, `token endpoint ${req.url} unreachable: ${(err as Error).message}`);
    }
    const text = await res.text();
    if (res.status === 400 || res.status === 401 || res.status === 403)
      throw new VendorAuthError(opts.vendor, `token request refused (HTTP ${res.status}). Check ${opts.authHint}`, res.status, text.slice(0, 300) || undefined);
    if (!res.ok) throw new VendorUnavailableError(opts.vendor, `token endpoint answered HTTP ${res.status}`, res.status, text.slice(0, 300) || undefined);
    let parsed: ReturnType<typeof TokenResponse>;
    try {
      parsed = readToken(JSON.parse(text), now());
    } catch {
      parsed = undefined;
    }
    if (!parsed) throw new VendorAuthError(opts.vendor, `token endpoint returned no token. Check ${opts.authHint}`);
    // Renew a minute early so a long pull never sends an expired token.
    cached = { token: parsed.token, expiresAt: now() + Math.max(0, parsed.expiresIn - 60) * 1000 };
    return parsed.token;
  };

  return {
    async headers() {
      if (!cached || cached.expiresAt <= now()) {
        inflight ??= fetchToken().finally(() => (inflight = undefined));
        await inflight;
      }
      return { Authorization: `Bearer ${cached!.token}` };
    },
    invalidate(rejected) {
      // Another request already replaced the token that was refused, or is fetching a new one.
      if (cached && rejected.Authorization === `Bearer ${cached.token}`) cached = undefined;
    },
  };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
