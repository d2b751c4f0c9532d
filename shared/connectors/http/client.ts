import { wallMs } from '../../clock';
import type { AuthStrategy } from './auth';
import type { HttpProgress } from './progress';
import { VendorAuthError, VendorRequestError, VendorUnavailableError } from './errors';
import type { RequestLimiter } from './rate-limiter';
import { countRequest } from './request-meter';

export interface HttpClientOptions {
  /** Names the vendor in every error, e.g. "ConnectWise PSA (cw)". */
  vendor: string;
  baseUrl: string;
  auth: AuthStrategy;
  /** What a person should check when the vendor answers 401/403. */
  authHint: string;
  limiter?: RequestLimiter;
  timeoutMs?: number;
  maxRetries?: number;
  /** Longest Retry-After we will sit through; beyond it the vendor is treated as down for this run. */
  maxRetryAfterMs?: number;
  baseBackoffMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Told of records read and of waits, so a long pull can show it is alive. */
  progress?: (event: HttpProgress) => void;
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path joined to baseUrl, or an absolute URL (a vendor's next-page link). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  json?: unknown;
  /**
   * Whether repeating the request is harmless. GETs are; a POST that only queries (Autotask
   * /query) may say so. Writes are never retried after the request may have reached the vendor.
   */
  idempotent?: boolean;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface HttpStats {
  requests: number;
  retries: number;
  throttled: number;
  serverErrors: number;
}

/**
 * The one HTTP client every connector uses: auth headers, the vendor's rate limit, a timeout per
 * request, and bounded retries with exponential backoff and full jitter on 429/5xx/network
 * errors that honour Retry-After.
 */
export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0, throttled: 0, serverErrors: 0 };
  private readonly doFetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly opts: HttpClientOptions) {
    this.doFetch = opts.fetch ?? fetch;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = opts.random ?? Math.random;
  }

  get vendor(): string {
    return this.opts.vendor;
  }

  /** Pagers call this after each page: `records` read so far from the list at `path`. */
  recordsRead(path: string, records: number): void {
    this.opts.progress?.({ type: 'records', list: this.url(path).pathname, records });
  }

  private async wait(ms: number, reason: Extract<HttpProgress, { type: 'wait' }>['reason']): Promise<void> {
    if (ms > 0) this.opts.progress?.({ type: 'wait', ms, reason });
    await this.sleep(ms);
  }

  url(path: string, query?: HttpRequest['query']): URL {
    const base = this.opts.baseUrl.endsWith('/') ? this.opts.baseUrl : `${this.opts.baseUrl}/`;
    const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(path.replace(/^\//, ''), base);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  async json<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const res = await this.send(req);
    const text = await res.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new VendorRequestError(this.opts.vendor, `${req.method ?? 'GET'} ${this.describe(req.path)} returned non-JSON (HTTP ${res.status})`, res.status);
      }
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }

  /** For endpoints that answer in plain text (a chat webhook's "ok"), with the same retries. */
  async text(req: HttpRequest): Promise<HttpResponse<string>> {
    const res = await this.send(req);
    return { status: res.status, headers: res.headers, body: await res.text() };
  }

  private async send(req: HttpRequest): Promise<Response> {
    const method = req.method ?? 'GET';
    const retryable = req.idempotent ?? method === 'GET';
    const maxRetries = this.opts.maxRetries ?? 5;
    const url = this.url(req.path, req.query);
    let reauthenticated = false;

    for (let attempt = 0; ; attempt++) {
      await this.opts.limiter?.acquire((ms) => this.opts.progress?.({ type: 'wait', ms, reason: 'rate limit' }));
      const credentials = await this.opts.auth.headers();
      const headers: Record<string, string> = { Accept: 'application/json', ...credentials, ...req.headers };
      if (req.json !== undefined) headers['Content-Type'] ??= 'application/json';
      this.stats.requests++;
      countRequest();
      let res: Response;
      try {
        res = await this.doFetch(url, {
          method,
          headers,
          body: req.json === undefined ? undefined : JSON.stringify(req.json),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
        });
      } catch (err) {
        // A timeout or reset may have reached the vendor: only safe requests are repeated.
        const reason = (err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message;
        if (!retryable || attempt >= maxRetries)
          throw new VendorUnavailableError(this.opts.vendor, `${method} ${this.describe(req.path)} failed: ${reason}${attempt ? ` after ${attempt + 1} attempts` : ''}`);
        this.stats.retries++;
        await this.wait(this.backoff(attempt), 'backoff');
        continue;
      }

      if (res.ok) return res;
      const detail = await errorDetail(res);
      if (res.status === 401 && !reauthenticated && this.opts.auth.invalidate) {
        // An expired token is not bad credentials: log in once more before saying so.
        this.opts.auth.invalidate(credentials);
        reauthenticated = true;
        attempt--;
        continue;
      }
      if (res.status === 401 || res.status === 403)
        throw new VendorAuthError(this.opts.vendor, `HTTP ${res.status} on ${method} ${this.describe(req.path)}. Check ${this.opts.authHint}`, res.status, detail);

      const transient = res.status === 429 || res.status >= 500;
      if (res.status === 429) this.stats.throttled++;
      else if (res.status >= 500) this.stats.serverErrors++;
      if (!transient) throw new VendorRequestError(this.opts.vendor, `HTTP ${res.status} on ${method} ${this.describe(req.path)}`, res.status, detail);
      // A 5xx on a write may still have been applied; a 429 was refused before it ran.
      const safeToRepeat = retryable || res.status === 429;
      if (!safeToRepeat || attempt >= maxRetries)
        throw new VendorUnavailableError(
          this.opts.vendor,
          `HTTP ${res.status} on ${method} ${this.describe(req.path)}${attempt ? ` after ${attempt + 1} attempts` : ''}`,
          res.status,
          detail,
        );
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'), wallMs());
      const maxWait = this.opts.maxRetryAfterMs ?? 120_000;
      if (retryAfter !== undefined && retryAfter > maxWait)
        throw new VendorUnavailableError(this.opts.vendor, `asked to wait ${Math.round(retryAfter / 1000)} s (Retry-After), longer than this run waits`, res.status);
      this.stats.retries++;
      await (retryAfter === undefined ? this.wait(this.backoff(attempt), 'backoff') : this.wait(retryAfter, 'Retry-After'));
    }
  }

  /** Full jitter (AWS Architecture Blog): spreads retries of many workers apart. */
  private backoff(attempt: number): number {
    const base = this.opts.baseBackoffMs ?? 500;
    return Math.round(this.random() * Math.min(30_000, base * 2 ** attempt));
  }

  private describe(path: string): string {
    // Query strings can carry search terms; the path is enough to say what failed.
    return this.url(path).pathname;
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The vendor's answer to a failed request, shortened: for logs and the audit, never for people. */
async function errorDetail(res: Response): Promise<string | undefined> {
  const text = (await res.text().catch(() => '')).trim();
  return text ? text.slice(0, 300) : undefined;
}
