import type { Recipe } from '../../config/schema';
import type { Agreement } from '../model';
import { lineIsActive, lineMatches } from '../recipes';
import type { Opportunity } from './opportunity';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The recipe a product name (recipe product or alias) or a marketplace product it counts names. */
export function recipeFor(recipes: readonly Recipe[], name: string): Recipe | undefined {
  return (
    recipes.find((r) => [r.product, ...r.aliases].some((n) => same(n, name))) ??
    recipes.find((r) => r.count.from === 'marketplace' && r.count.products.some((p) => same(p, name)))
  );
}

/**
 * What the client pays a month for one unit of a recipe's product: its own active PSA line's price
 * when it has one (the highest, when several), else the recipe's list price; null when neither is set.
 */
export function unitPrice(recipe: Recipe | undefined, agreements: readonly Agreement[], runDate: string): Opportunity['pricedAs'] {
  if (!recipe) return null;
  const lines = agreements.filter((a) => a.status === 'active').flatMap((a) => a.lines.filter((l) => lineIsActive(l, runDate) && lineMatches(recipe, l)));
  const own = Math.max(0, ...lines.map((l) => l.unitPriceCents));
  if (own > 0) return { product: recipe.product, unitPriceCents: own, from: 'client line' };
  return recipe.listPriceCents > 0 ? { product: recipe.product, unitPriceCents: recipe.listPriceCents, from: 'list price' } : null;
}
