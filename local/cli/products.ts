import type { Recipe, SourceConfig, TrueupConfig } from '../../shared/config/schema';
import type { SourcePull } from '../../shared/domain/model';
import { lineMatches } from '../../shared/domain/recipes';
import { ROLE_OF } from '../../shared/domain/model';

/**
 * `trueup products`: what each source calls the things it bills, manages or sells, with counts
 * and the recipe that counts each, so recipes are written from what the vendors really say.
 */

/** What a recipe's `product` is matched against, per PSA (see the connectors' mapping). */
export const PSA_PRODUCT_FIELD: Record<string, string> = {
  connectwise: "the agreement addition's product identifier (Product ID in Manage)",
  autotask: "the contract service's Service name",
  halopsa: "the recurring invoice line's item short description (its item code when that is empty)",
  syncro: "the recurring schedule line item's name",
};

export interface ProductRow {
  name: string;
  /** Lines, devices or subscriptions seen. */
  records: number;
  /** Units on those lines, devices, or seats. */
  units: number;
  recipes: string[];
}

export interface SourceProducts {
  sourceId: string;
  kind: SourceConfig['kind'];
  heading: string;
  rows: ProductRow[];
}

export function summarizeProducts(config: TrueupConfig, source: SourceConfig, pull: SourcePull): SourceProducts {
  const role = ROLE_OF[source.kind];
  const rows = new Map<string, ProductRow>();
  const add = (name: string, units: number, recipes: Recipe[]) => {
    const row = rows.get(name) ?? { name, records: 0, units: 0, recipes: recipes.map((r) => r.product) };
    row.records++;
    row.units += units;
    rows.set(name, row);
  };
  if (role === 'psa') {
    for (const line of pull.agreements.flatMap((a) => a.lines)) add(line.product, line.quantity, config.recipes.filter((r) => lineMatches(r, line)));
  } else if (role === 'rmm') {
    for (const d of pull.devices.filter((x) => !x.deleted))
      add(d.deviceClass, 1, config.recipes.filter((r) => r.count.from === 'rmm' && (r.count.deviceClasses as string[]).includes(d.deviceClass)));
  } else {
    const norm = (s: string) => s.trim().toLowerCase();
    for (const s of pull.subscriptions.filter((x) => x.status !== 'cancelled'))
      add(s.productName, s.quantity, config.recipes.filter((r) => r.count.from === 'marketplace' && r.count.products.some((p) => [norm(s.productName), norm(s.productId)].includes(norm(p)))));
  }
  const heading =
    role === 'psa'
      ? `PSA products (a recipe's "product" or "aliases" is ${PSA_PRODUCT_FIELD[source.kind]})`
      : role === 'rmm'
        ? 'RMM device classes, devices not deleted (a recipe lists them in count.deviceClasses)'
        : 'Marketplace products, subscriptions not cancelled (a recipe lists names or ids in count.products)';
  return { sourceId: source.id, kind: source.kind, heading, rows: [...rows.values()].sort((a, b) => b.units - a.units || a.name.localeCompare(b.name)) };
}

export function formatProducts(all: SourceProducts[]): string {
  const out: string[] = [];
  for (const s of all) {
    out.push(`${s.sourceId} (${s.kind}): ${s.heading}`);
    if (!s.rows.length) out.push('  (none seen)');
    const width = Math.min(48, Math.max(...s.rows.map((r) => r.name.length), 4));
    for (const r of s.rows) out.push(`  ${r.name.padEnd(width)}  ${String(r.records).padStart(6)} x  ${String(r.units).padStart(7)} units  ${r.recipes.length ? `counted by: ${r.recipes.join(', ')}` : 'counted by no recipe'}`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}
