import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { wallMs } from '../../shared/clock';

/**
 * The HTTP server every vendor simulator runs on: routing, JSON, a request log, and the faults
 * real vendors produce (429 with Retry-After, a transient 5xx, latency, an enforced rate limit),
 * so connectors are tested against the behaviour they will meet, not a happy path.
 */

export interface SimRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body, or the raw string for form posts; undefined when empty. */
  body: unknown;
  rawBody: string;
  params: string[];
  /** The `clampPageSize` fault in force: simulators serve at most this many rows a page (see servedPageSize). */
  pageSizeCap?: number;
}

export interface SimResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless it is a string. */
  body?: unknown;
}

export interface Route {
  method: string;
  /** Matched against the path only; capture groups become `params`. */
  path: RegExp;
  /** Token endpoints and zone lookups are exempt from the auth check and the fault plan. */
  public?: boolean;
  /** A POST that only reads (Autotask's queries): not a write to journal. */
  reads?: boolean;
  handle(req: SimRequest): SimResponse | Promise<SimResponse>;
}

export interface FaultPlan {
  /** Added to every response, like a vendor across the internet. */
  latencyMs?: number;
  /** Answer 429 to every Nth authenticated request (N >= 2). */
  throttleEvery?: number;
  retryAfterSeconds?: number;
  /** Answer 503 to the first request whose path matches, once. */
  failOnceOn?: RegExp;
  /** Enforce the vendor's documented limit: 429 once more than `requests` arrive within `perSeconds`. */
  rateLimit?: { requests: number; perSeconds: number };
  /**
   * Answer `status` to every request whose path matches, e.g. 403 for a permission the API user
   * lacks; with `matching`, only those whose decoded query string and body also match it.
   */
  refuseOn?: { path: RegExp; status: number; matching?: RegExp };
  /**
   * Serve at most this many rows a page whatever the client asked, stating the served size the way
   * the vendor does (its totals, pages and links follow the served size): servers may do this.
   */
  clampPageSize?: number;
  /**
   * After this many authenticated requests, revoke every bearer credential seen so far, once, well
   * before its stated expiry: requests still carrying one get 401. New logins get new tokens.
   */
  revokeTokensAfter?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A change a client made (an authenticated, successful non-GET request), in the order made. */
export interface RecordedWrite {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

export interface SimulatorOptions {
  name: string;
  routes: Route[];
  /** Returns a refusal for a request whose credentials are wrong; undefined lets it through. */
  authenticate?: (req: SimRequest) => SimResponse | undefined;
  faults?: FaultPlan;
}

export interface RunningSimulator {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly log: LoggedRequest[];
  faults: FaultPlan;
  /** Every write-back made so far: what a lasting demo saves to replay on its next start. */
  readonly writes: RecordedWrite[];
  /** Called after each recorded write, e.g. to save the journal at once. */
  onWrite?: (write: RecordedWrite) => void;
  /** Applies writes recorded by an earlier run to this one's state, bypassing auth and faults. */
  replay(writes: readonly RecordedWrite[]): Promise<void>;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions, port = 0): Promise<RunningSimulator> {
  const log: LoggedRequest[] = [];
  const recent: number[] = [];
  let counted = 0;
  const failedOnce = new Set<string>();
  const writes: RecordedWrite[] = [];
  const state: { faults: FaultPlan; onWrite?: (w: RecordedWrite) => void } = { faults: { ...opts.faults } };
  const credentials = { seen: new Set<string>(), revoked: new Set<string>(), revokedOnce: false };

  /** The revokeTokensAfter fault: fires once, then refuses every credential that was in use. */
  function revoked(faults: FaultPlan, authorization: string | undefined): boolean {
    if (!authorization) return false;
    if (faults.revokeTokensAfter !== undefined && !credentials.revokedOnce && counted >= faults.revokeTokensAfter) {
      credentials.revokedOnce = true;
      for (const c of [...credentials.seen, authorization]) credentials.revoked.add(c);
    }
    credentials.seen.add(authorization);
    return credentials.revoked.has(authorization);
  }

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    let body: unknown = undefined;
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
    }
    const method = req.method ?? 'GET';
    const route = opts.routes.find((r) => r.method === method && r.path.test(url.pathname));
    const params = route ? (route.path.exec(url.pathname)?.slice(1) ?? []) : [];
    const simReq: SimRequest = { method, url, headers: req.headers, body, rawBody, params, pageSizeCap: state.faults.clampPageSize };

    const answer = async (): Promise<SimResponse> => {
      const faults = state.faults;
      if (faults.latencyMs) await new Promise((r) => setTimeout(r, faults.latencyMs));
      if (!route) return { status: 404, body: { message: `${opts.name} simulator: no route for ${method} ${url.pathname}` } };
      if (route.public) return route.handle(simReq);
      const refusal = opts.authenticate?.(simReq);
      if (refusal) return refusal;
      if (revoked(faults, credentialOf(simReq))) return { status: 401, body: { error: 'invalid_token', error_description: 'token revoked' } };
      counted++;
      if (faults.rateLimit) {
        const now = wallMs();
        const windowMs = faults.rateLimit.perSeconds * 1000;
        while (recent.length && recent[0]! <= now - windowMs) recent.shift();
        if (recent.length >= faults.rateLimit.requests) {
          const retryAfter = Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
          return { status: 429, headers: { 'Retry-After': String(retryAfter) }, body: { message: 'rate limit exceeded' } };
        }
        recent.push(now);
      }
      if (faults.throttleEvery && counted % faults.throttleEvery === 0)
        return { status: 429, headers: { 'Retry-After': String(faults.retryAfterSeconds ?? 1) }, body: { message: 'Too Many Requests' } };
      if (faults.refuseOn?.path.test(url.pathname) && (!faults.refuseOn.matching || faults.refuseOn.matching.test(`${decodeURIComponent(url.search)} ${rawBody}`)))
        return { status: faults.refuseOn.status, body: { message: `refused with HTTP ${faults.refuseOn.status} by the fault plan` } };
      if (faults.failOnceOn?.test(url.pathname) && !failedOnce.has(url.pathname)) {
        failedOnce.add(url.pathname);
        return { status: 503, body: { message: 'Service Unavailable' } };
      }
      return route.handle(simReq);
    };

    let out: SimResponse;
    try {
      out = await answer();
    } catch (err) {
      out = { status: 500, body: { message: `${opts.name} simulator error: ${(err as Error).message}` } };
    }
    const status = out.status ?? 200;
    log.push({ method, path: url.pathname, query: url.search, status, headers: req.headers, body });
    if (route && !route.public && !route.reads && method !== 'GET' && status < 300) {
      const write = { method, path: url.pathname, query: url.search, body };
      writes.push(write);
      state.onWrite?.(write);
    }
    const text = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
    res.writeHead(status, { 'Content-Type': 'application/json', ...out.headers });
    res.end(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    name: opts.name,
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    log,
    get faults() {
      return state.faults;
    },
    set faults(f: FaultPlan) {
      state.faults = f;
    },
    writes,
    get onWrite() {
      return state.onWrite;
    },
    set onWrite(f) {
      state.onWrite = f;
    },
    async replay(recorded) {
      for (const w of recorded) {
        const url = new URL(`${w.path}${w.query}`, 'http://replay');
        const route = opts.routes.find((r) => r.method === w.method && r.path.test(url.pathname));
        if (!route) throw new Error(`${opts.name} simulator: cannot replay ${w.method} ${w.path}: no such route`);
        const rawBody = w.body === undefined ? '' : typeof w.body === 'string' ? w.body : JSON.stringify(w.body);
        const out = await route.handle({ method: w.method, url, headers: {}, body: w.body, rawBody, params: route.path.exec(url.pathname)?.slice(1) ?? [] });
        if ((out.status ?? 200) >= 300) throw new Error(`${opts.name} simulator: replaying ${w.method} ${w.path} answered HTTP ${out.status}`);
        writes.push(w);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What identifies a caller: its Authorization header, or Autotask's Secret header. */
function credentialOf(req: SimRequest): string | undefined {
  const secret = req.headers.secret;
  return req.headers.authorization ?? (typeof secret === 'string' ? secret : undefined);
}

/** The page size a simulator serves: what was asked, cut to the vendor's maximum and to any clampPageSize fault. */
export function servedPageSize(req: SimRequest, asked: number, vendorMax = Infinity): number {
  return Math.min(asked, vendorMax, req.pageSizeCap ?? Infinity);
}

/** Slices a list into one page: shared by every simulator's paging. */
export function pageOf<T>(items: readonly T[], index: number, size: number): T[] {
  return items.slice(index * size, (index + 1) * size);
}
