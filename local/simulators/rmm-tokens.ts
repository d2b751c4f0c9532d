import { randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse } from './harness';

/**
 * Bearer tokens of the RMM simulators (NinjaOne, Datto RMM): which are live, and a switch that
 * makes them expire part-way through a pull, so re-authentication is tested, not assumed.
 */
export interface TokenState {
  live: Set<string>;
  issued: number;
  /** After this many authorised API calls every live token is revoked, once: the next call gets 401. */
  expireTokensAfter: number | null;
  apiCalls: number;
}

export function newTokenState(): TokenState {
  return { live: new Set(), issued: 0, expireTokensAfter: null, apiCalls: 0 };
}

export function issueToken(state: TokenState): string {
  const token = randomUUID();
  state.live.add(token);
  state.issued++;
  return token;
}

/** Undefined lets the request through; otherwise the 401 the vendor would send. */
export function checkBearer(state: TokenState, req: SimRequest, unauthorized: () => SimResponse): SimResponse | undefined {
  const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token || !state.live.has(token)) return unauthorized();
  if (state.expireTokensAfter !== null && state.apiCalls >= state.expireTokensAfter) {
    state.live.clear();
    state.expireTokensAfter = null;
    return unauthorized();
  }
  state.apiCalls++;
  return undefined;
}
