import { apiRoot } from '../../config/api-root';
import type { VendorKind } from '../../domain/model';
import { automate } from './automate';
import { autotask } from './autotask';
import { connectwise } from './connectwise';
import { dattormm } from './dattormm';
import type { VendorModule } from './define';
import { halopsa } from './halopsa';
import { kaseyavsa } from './kaseyavsa';
import { ninjaone } from './ninjaone';
import { pax8 } from './pax8';
import { syncro } from './syncro';

/**
 * Every vendor Trueup reads, one line each: the connector registry, the SourceConfig union (and
 * the JSON Schema made from it) and the benchmark's limits derive from this list. The order is
 * the config union's order. A kind in VENDOR_KINDS without a line here is a compile error.
 */
export const VENDORS = { connectwise, autotask, halopsa, syncro, ninjaone, dattormm, kaseyavsa, automate, pax8 } satisfies { [K in VendorKind]: VendorModule<K> };

/** The warning for a configured source, if its baseUrl had to be adjusted; for sources without a baseUrl, none. */
export function apiRootWarning(source: { kind: VendorKind; id: string; baseUrl?: string }): string | undefined {
  const rule = VENDORS[source.kind].apiRoot;
  if (!source.baseUrl || !rule) return undefined;
  return apiRoot(rule, { id: source.id, baseUrl: source.baseUrl }).warning;
}
