import { z } from 'zod';
import type { SimResponse } from './harness';

/**
 * The Autotask query engine of the simulator: a QueryModel body (keys in any case [V3]) with a
 * mandatory Filter evaluated for real, IncludeFields projection, MaxRecords capped at 500, and
 * `{items, pageDetails}` pages whose nextPageUrl carries the offset [I: the real token is opaque].
 */

export type AtRecord = Record<string, unknown>;

const QueryModel = z
  .record(z.string(), z.unknown())
  .transform(lowerKeys)
  .pipe(
    z.object({
      filter: z.array(z.record(z.string(), z.unknown())).min(1, 'a query needs at least one filter condition'),
      maxrecords: z.number().int().min(1).optional(),
      includefields: z.array(z.string()).optional(),
    }),
  );

export interface PageRequest {
  entity: string;
  rows: readonly AtRecord[];
  /** Raw records served after the matches of every query of this entity. */
  planted: readonly unknown[];
  body: unknown;
  offset: number;
  /** Builds the absolute link to the page starting at `offset`. */
  link: (offset: number, pageSize: number) => string;
  pageSize?: number;
  /** The clampPageSize fault: the server serves at most this many rows whatever MaxRecords says. */
  pageSizeCap?: number;
  /**
   * A query's matches, kept from its first page for the pages after it, so a long list is not
   * filtered and sorted again for every page (a first page always reads the rows afresh).
   */
  matchesCache?: Map<string, unknown[]>;
}

export function queryPage(req: PageRequest): SimResponse {
  const parsed = QueryModel.safeParse(req.body);
  // Autotask reports request validation as HTTP 500 with an errors list [V3].
  if (!parsed.success) return { status: 500, body: { errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) } };
  const q = parsed.data;
  const size = Math.min(req.pageSize ?? q.maxrecords ?? 500, 500, req.pageSizeCap ?? 500);
  const key = `${req.entity} ${JSON.stringify(req.body)}`;
  const cached = req.offset > 0 ? req.matchesCache?.get(key) : undefined;
  const matches = cached ?? matchesOf(req, q.filter);
  if (!cached && req.matchesCache) {
    req.matchesCache.set(key, matches);
    // Only lists being paged need keeping: the oldest go.
    if (req.matchesCache.size > 64) req.matchesCache.delete(req.matchesCache.keys().next().value!);
  }
  const fields = q.includefields?.map((f) => f.toLowerCase()) ?? [];
  if (fields.length && !fields.includes('id') && matches.length > size)
    return { status: 500, body: { errors: ['IncludeFields must contain id when the result is paged'] } };
  const project = (r: unknown) =>
    fields.length && !req.planted.includes(r) ? Object.fromEntries(Object.entries(r as AtRecord).filter(([k]) => fields.includes(k.toLowerCase()))) : r;
  const items = matches.slice(req.offset, req.offset + size).map(project);
  const next = req.offset + size < matches.length ? req.offset + size : null;
  return {
    body: {
      items,
      pageDetails: {
        count: items.length,
        requestCount: size,
        prevPageUrl: req.offset > 0 ? req.link(Math.max(0, req.offset - size), size) : null,
        nextPageUrl: next === null ? null : req.link(next, size),
      },
    },
  };
}

function matchesOf(req: PageRequest, filter: Array<Record<string, unknown>>): unknown[] {
  const conditions = filter.map(compile);
  return [...req.rows.filter((r) => conditions.every((p) => p(r))).sort((a, b) => Number(a.id) - Number(b.id)), ...req.planted];
}

type Predicate = (rec: AtRecord) => boolean;

/** Turns one filter condition into a test of a record, once per query rather than once per row. */
function compile(raw: Record<string, unknown>): Predicate {
  const f = lowerKeys(raw);
  const op = String(f.op ?? '').toLowerCase();
  if (op === 'and' || op === 'or') {
    const items = (Array.isArray(f.items) ? (f.items as Record<string, unknown>[]) : []).map(compile);
    return op === 'and' ? (r) => items.every((p) => p(r)) : (r) => items.some((p) => p(r));
  }
  const field = String(f.field ?? '');
  const value = f.value;
  const test = (accept: (c: number) => boolean): Predicate => (r) => {
    const c = compare(fieldOf(r, field), value);
    return c !== undefined && accept(c);
  };
  const set = new Set(Array.isArray(value) ? value.map(key) : []);
  switch (op) {
    case 'eq':
      return test((c) => c === 0);
    case 'noteq':
      return (r) => compare(fieldOf(r, field), value) !== 0;
    case 'gt':
      return test((c) => c > 0);
    case 'gte':
      return test((c) => c >= 0);
    case 'lt':
      return test((c) => c < 0);
    case 'lte':
      return test((c) => c <= 0);
    case 'exist':
      return (r) => fieldOf(r, field) != null;
    case 'notexist':
      return (r) => fieldOf(r, field) == null;
    case 'in':
      return (r) => set.has(key(fieldOf(r, field)));
    case 'notin':
      return (r) => !set.has(key(fieldOf(r, field)));
    default:
      throw new Error(`unsupported filter op "${String(f.op)}"`);
  }
}

/** Field names are matched case-insensitively, as Autotask does [V3]. */
function fieldOf(rec: AtRecord, field: string): unknown {
  if (field in rec) return rec[field];
  const name = field.toLowerCase();
  return Object.entries(rec).find(([k]) => k.toLowerCase() === name)?.[1];
}

const DATE = /^\d{4}-\d{2}-\d{2}/;
/** Numbers numerically, dates as instants (no zone = UTC), other strings case-insensitively. */
function compare(a: unknown, b: unknown): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  if (typeof a === 'number' || typeof b === 'number') {
    const [x, y] = [Number(a), Number(b)];
    return Number.isNaN(x) || Number.isNaN(y) ? undefined : x - y;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a) === String(b) ? 0 : 1;
  if (typeof a !== 'string' || typeof b !== 'string') return undefined;
  if (DATE.test(a) && DATE.test(b)) return instant(a) - instant(b);
  return a.toLowerCase().localeCompare(b.toLowerCase());
}

// Dates repeat across rows (billing periods): parse each once.
const instants = new Map<string, number>();
function instant(s: string): number {
  const known = instants.get(s);
  if (known !== undefined) return known;
  const full = s.length === 10 ? `${s}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s}Z`;
  const at = Date.parse(full);
  instants.set(s, at);
  return at;
}

const key = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : String(v));

export function lowerKeys(rec: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rec).map(([k, v]) => [k.toLowerCase(), v]));
}
