import type { Recipe } from '../config/schema';
import { addDays, startOfDayInZone } from './dates';
import type { AgreementLine, Device, Evidence, EvidenceItem, Subscription } from './model';

/**
 * Count recipes: how many units of a PSA product a client really consumes, with the ids
 * behind the number so every finding can be explained line by line.
 */

export interface Observed {
  count: number;
  evidence: Evidence[];
  /** The latest commitment end among the counted subscriptions still in force. */
  committedUntil: string | null;
}

/**
 * Records kept per evidence, newest first: as many as the confirm page shows (emails show 8).
 * Each costs about 115 bytes in every ledger entry and proposal it is stored with, written every
 * night; `ids` still lists every record.
 */
export const EVIDENCE_ITEM_LIMIT = 20;

/** Newest first by the given dates in turn (missing dates last), then by name: what a person asks about when a count moved. */
function newestFirst(items: EvidenceItem[], ...dates: Array<(i: EvidenceItem) => string | null | undefined>): EvidenceItem[] {
  const byDates = (a: EvidenceItem, b: EvidenceItem) => dates.reduce((c, d) => c || (d(b) ?? '').localeCompare(d(a) ?? ''), 0);
  return [...items].sort((a, b) => byDates(a, b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id)).slice(0, EVIDENCE_ITEM_LIMIT);
}

/** Devices: the newest to Trueup first, then the most recently seen. */
export const deviceItems = (devices: readonly Device[]): EvidenceItem[] =>
  newestFirst(
    devices.map((d) => ({ id: d.externalId, name: d.name || d.externalId, lastSeenAt: d.lastSeenAt, firstSeenOn: d.firstSeenOn })),
    (i) => i.firstSeenOn,
    (i) => i.lastSeenAt,
  );

/** Subscriptions: the most recently changed (or started) first. */
export const subscriptionItems = (subscriptions: readonly Subscription[]): EvidenceItem[] =>
  newestFirst(
    subscriptions.map((s) => ({ id: s.externalId, name: s.productName, quantity: s.quantity, changedOn: s.updatedOn ?? s.startDate })),
    (i) => i.changedOn,
  );

export const recipeKey = (recipe: Pick<Recipe, 'product'>): string =>
  recipe.product
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const norm = (s: string) => s.trim().toLowerCase();

export function lineMatches(recipe: Recipe, line: Pick<AgreementLine, 'product'>): boolean {
  const names = [recipe.product, ...recipe.aliases].map(norm);
  return names.includes(norm(line.product));
}

/** Every name the product of a ledger line goes by: its recipe's product and aliases (just the product when no recipe has the key now). */
export function productNames(recipes: readonly Recipe[], lineKey: string, product: string): string[] {
  const recipe = recipes.find((r) => recipeKey(r) === lineKey);
  return recipe ? [recipe.product, ...recipe.aliases] : [product];
}

/** A line bills tonight if it has started and has not been cancelled. */
export function lineIsActive(line: Pick<AgreementLine, 'effectiveDate' | 'cancelledDate'>, runDate: string): boolean {
  if (line.effectiveDate && line.effectiveDate > runDate) return false;
  if (line.cancelledDate && line.cancelledDate <= runDate) return false;
  return true;
}

export function deviceRule(recipe: Recipe): string {
  if (recipe.count.from !== 'rmm') return '';
  const c = recipe.count;
  return [c.deviceClasses.join(', '), c.approvedOnly ? 'approved' : 'any approval state', 'not deleted', c.seenWithinDays ? `seen in the last ${c.seenWithinDays} days` : 'any last-seen date'].join('; ');
}

/** `timeZone` is the MSP's: "seen in the last N days" counts the MSP's calendar days. */
export function countDevices(recipe: Recipe, sourceId: string, devices: readonly Device[], runDate: string, timeZone: string): Observed {
  if (recipe.count.from !== 'rmm') throw new Error(`recipe "${recipe.product}" does not count devices`);
  const c = recipe.count;
  const classes = new Set<string>(c.deviceClasses);
  // Seen on or after the start of the MSP's day N days before the run date.
  // Compared as epoch milliseconds: lastSeenAt is a checked ISO timestamp, in any offset.
  const cutoff = c.seenWithinDays ? Date.parse(startOfDayInZone(addDays(runDate, -c.seenWithinDays), timeZone)) : null;
  const counted = devices.filter(
    (d) =>
      classes.has(d.deviceClass) &&
      !d.deleted &&
      (!c.approvedOnly || d.approved) &&
      (cutoff === null || (d.lastSeenAt !== null && Date.parse(d.lastSeenAt) >= cutoff)),
  );
  return {
    count: counted.length,
    evidence: [{ sourceId, ids: counted.map((d) => d.externalId).sort(), rule: `${counted.length} devices: ${deviceRule(recipe)}`, items: deviceItems(counted) }],
    committedUntil: null,
  };
}

/** The subscriptions a marketplace recipe counts: its products (by name or id), in its statuses; none for a device recipe. */
export function subscriptionsCounted(recipe: Recipe, subscriptions: readonly Subscription[]): Subscription[] {
  if (recipe.count.from !== 'marketplace') return [];
  const products = new Set(recipe.count.products.map(norm));
  const statuses = new Set<string>(recipe.count.statuses);
  return subscriptions.filter((s) => (products.has(norm(s.productName)) || products.has(norm(s.productId))) && statuses.has(s.status));
}

export function countSubscriptions(recipe: Recipe, sourceId: string, subscriptions: readonly Subscription[], runDate: string): Observed {
  if (recipe.count.from !== 'marketplace') throw new Error(`recipe "${recipe.product}" does not count subscriptions`);
  const counted = subscriptionsCounted(recipe, subscriptions);
  const seats = counted.reduce((n, s) => n + s.quantity, 0);
  const commitments = counted.map((s) => s.commitmentEndDate).filter((d): d is string => d !== null && d > runDate);
  return {
    count: seats,
    evidence: [
      {
        sourceId,
        ids: counted.map((s) => s.externalId).sort(),
        rule: `${seats} seats in ${counted.length} subscriptions: ${recipe.count.products.join(', ')}; status ${recipe.count.statuses.join(' or ')}`,
        items: subscriptionItems(counted),
      },
    ],
    committedUntil: commitments.sort().at(-1) ?? null,
  };
}

/** Does any recipe count this marketplace product? Unmapped products are findings of their own. */
export function productHasRecipe(recipes: readonly Recipe[], s: Pick<Subscription, 'productId' | 'productName'>): boolean {
  return recipes.some((r) => r.count.from === 'marketplace' && r.count.products.map(norm).some((p) => p === norm(s.productName) || p === norm(s.productId)));
}
