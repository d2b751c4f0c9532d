import { VendorRequestError } from './http/errors';

/**
 * Records read again through a vendor's by-id filter (ConnectWise `id in (...)`, Autotask's `in`
 * condition, HaloPSA's ticketids), a batch a request. An id the answer leaves out is gone from the
 * PSA only when the same answer holds another id asked for: a witness (a record read tonight) rides
 * in every batch, so a batch of deleted records still answers something. An answer holding nothing
 * asked for, or records not asked for, shows the filter was not applied as read: that is an error,
 * never a deletion.
 */
export interface ByIdRead<R> {
  vendor: string;
  /** What is read, for the messages: "time entries". */
  what: string;
  ids: readonly string[];
  witness: string | null;
  /** Ids per request, the witness included. */
  perRequest: number;
  read(batch: string[]): Promise<R[]>;
  idOf(row: R): string | null;
}

export async function readByIds<R>(q: ByIdRead<R>): Promise<{ rows: R[]; gone: string[] }> {
  const ids = [...new Set(q.ids)].filter((id) => id !== q.witness);
  const size = Math.max(1, q.perRequest - (q.witness === null ? 0 : 1));
  const rows: R[] = [];
  const gone: string[] = [];
  for (let i = 0; i < ids.length; i += size) {
    const batch = ids.slice(i, i + size);
    const asked = q.witness === null ? batch : [...batch, q.witness];
    const answer = await q.read(asked);
    const answered = new Set(answer.map(q.idOf));
    const stray = [...answered].filter((id) => id === null || !asked.includes(id));
    if (stray.length > 0) throw new VendorRequestError(q.vendor, `${q.what} asked for by id came back with ${stray.length} not asked for: the id filter was not applied, so no deletion can be told`);
    if (answered.size === 0) throw new VendorRequestError(q.vendor, `${q.what} asked for by id (${asked.length}) came back with none of them${q.witness === null ? ', and none read tonight could be asked with them' : ', not even one read tonight'}: deleted cannot be told from not served`);
    rows.push(...answer.filter((r) => q.idOf(r) !== q.witness));
    gone.push(...batch.filter((id) => !answered.has(id)));
  }
  return { rows, gone };
}

/** A raw record's id as the canonical model spells it, or null when it has none. */
export const rawId = (row: unknown): string | null => {
  const id = (row as { id?: unknown } | null)?.id;
  return typeof id === 'number' || (typeof id === 'string' && id !== '') ? String(id) : null;
};

/** Canonical ids as the vendor's integer ids; one that is not is refused rather than put in a filter. */
export function integerIds(vendor: string, ids: readonly string[]): number[] {
  const bad = ids.find((id) => !/^\d+$/.test(id));
  if (bad !== undefined) throw new VendorRequestError(vendor, `record id ${JSON.stringify(bad)} is not an integer id; it cannot be read again by id`);
  return ids.map(Number);
}
