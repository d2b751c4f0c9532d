import type { TrueupConfig } from '../config/schema';
import { dateInZone } from '../domain/dates';

/**
 * The night a scheduled invocation belongs to, in the MSP's time zone. A deadline fires hours
 * after the nightly start, possibly past midnight, so it looks back by its own delay.
 */
export function runDateFor(config: TrueupConfig, now: Date, lookBackMinutes = 0): string {
  return dateInZone(new Date(now.getTime() - lookBackMinutes * 60_000), config.msp.timeZone);
}
