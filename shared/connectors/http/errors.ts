/**
 * Errors a connector raises, each saying which vendor and what to check. `message` is for people
 * (emails, pages, the digest): plain words, never a vendor's response body. `detail` keeps what
 * the vendor answered, for logs and the audit trail only (`forLog`).
 */
export class VendorError extends Error {
  override name = 'VendorError';
  constructor(
    readonly vendor: string,
    message: string,
    readonly status?: number,
    readonly detail?: string,
  ) {
    super(`${vendor}: ${message}`);
  }
}

/** An error as logs and the audit keep it: the plain message plus the vendor's raw answer, if any. */
export function forLog(err: unknown): { message: string; detail?: string } {
  const message = err instanceof Error ? err.message : String(err);
  return err instanceof VendorError && err.detail ? { message, detail: err.detail } : { message };
}

/** Credentials refused (401/403): never retried, since repeating a bad login can lock the account. */
export class VendorAuthError extends VendorError {
  override name = 'VendorAuthError';
}

/** The vendor kept failing (5xx, 429, timeouts) after every retry: an outage, not bad data. */
export class VendorUnavailableError extends VendorError {
  override name = 'VendorUnavailableError';
}

/** A 4xx the vendor means (bad request, not found, conflict): retrying will not help. */
export class VendorRequestError extends VendorError {
  override name = 'VendorRequestError';
}

/** Compare-and-set refused: the PSA quantity (or a time entry's billing) moved since the proposal was made. */
export class WriteBackConflictError extends VendorError {
  override name = 'WriteBackConflictError';
  constructor(
    vendor: string,
    readonly expected: number | string,
    readonly actual: number | string,
    what = 'quantity',
  ) {
    super(vendor, `${what} is ${actual} in the PSA, but the proposal was based on ${expected}; not written`);
  }
}

/** Add-line compare-and-set refused: a line for the product appeared on the agreement meanwhile. */
export class AddLineConflictError extends VendorError {
  override name = 'AddLineConflictError';
  constructor(vendor: string, product: string, found: { lineExternalId: string; quantity: number }) {
    super(vendor, `a line for ${product} appeared on the agreement since the email (line ${found.lineExternalId}, quantity ${found.quantity}); nothing was added`);
  }
}

/** The product an add-line names is not in the PSA's catalog: nothing can be added until it is. */
export class UnknownProductError extends VendorError {
  override name = 'UnknownProductError';
  constructor(vendor: string, product: string, where: string) {
    super(vendor, `no product "${product}" in ${where}; create it there (or correct the recipe's product name) and approve again from the next email`);
  }
}
