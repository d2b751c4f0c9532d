import { VendorError, VendorUnavailableError } from './http/errors';

/** Why a refused lookup was refused, in words for the run summary and the digest. */
const REFUSED: Record<number, string> = {
  403: 'the API user lacks permission',
  404: 'the API did not find it',
};

/**
 * Runs a lookup the source can do without (account-manager emails). A 403 (a permission the API
 * user lacks) or 404 costs only what the lookup would have added: `fallback` is returned and a
 * plain sentence saying so goes to `warnings`. Anything else (401, 5xx after retries, a bad body)
 * still fails the source, as a missing required list would.
 */
export async function optionalLookup<T>(
  lookup: { what: string; instead: string; warnings: string[]; fallback: T },
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (err) {
    const status = err instanceof VendorError && !(err instanceof VendorUnavailableError) ? err.status : undefined;
    const why = status === undefined ? undefined : REFUSED[status];
    if (!why) throw err;
    lookup.warnings.push(`${lookup.what} could not be read (${status}): ${why}; ${lookup.instead}`);
    return lookup.fallback;
  }
}

/** What a source falls back to without account managers. */
export const VCIO_FALLBACK = 'renewal alerts go to the configured vCIO';
