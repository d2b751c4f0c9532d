import type * as z from 'zod';
import type { QuarantinedRecord } from '../domain/model';
import { describeIssues } from '../describe-issues';

/**
 * Parses vendor records one by one: good ones are returned, bad ones quarantined with the
 * reason, so one malformed device never fails or silently shrinks a night's count.
 */
export function parseEach<S extends z.ZodType, T>(
  items: readonly unknown[],
  schema: S,
  map: (record: z.infer<S>) => T,
  where: { sourceId: string; entity: string },
  quarantined: QuarantinedRecord[],
): T[] {
  const out: T[] = [];
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      quarantined.push({ ...where, externalId: idOf(item), reason: describeIssues(parsed.error).replace(/\n/g, '; ') });
      continue;
    }
    try {
      out.push(map(parsed.data));
    } catch (err) {
      quarantined.push({ ...where, externalId: idOf(item), reason: (err as Error).message });
    }
  }
  return out;
}

/**
 * Maps records already validated; one the mapping refuses (a time entry whose ticket is unknown)
 * is quarantined with the reason instead.
 */
export function mapEach<R extends { id: number }, T>(rows: readonly R[], map: (row: R) => T, where: { sourceId: string; entity: string }, quarantined: QuarantinedRecord[]): T[] {
  return rows.flatMap((row) => {
    try {
      return [map(row)];
    } catch (err) {
      quarantined.push({ ...where, externalId: String(row.id), reason: (err as Error).message });
      return [];
    }
  });
}

function idOf(item: unknown): string | null {
  if (!item || typeof item !== 'object') return null;
  const rec = item as Record<string, unknown>;
  // Kaseya VSA names its ids AgentId and OrgId.
  const id = rec.id ?? rec.uid ?? rec.Id ?? rec.AgentId ?? rec.OrgId;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}
