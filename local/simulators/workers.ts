import type { DemoWorld } from '../demo/world';

/**
 * The people who did a PSA's work in the world, each with an id from `base` in the order first
 * met: what the PSA's people list (Autotask resources, Halo agents, Syncro users) holds for them.
 */
export function workerIds(world: DemoWorld, vendor: string, base: number): Map<string, number> {
  const ids = new Map<string, number>();
  for (const client of world.clients.filter((c) => c.psa.vendor === vendor && c.work))
    for (const e of client.work!.timeEntries) if (e.worker && !ids.has(e.worker)) ids.set(e.worker, base + ids.size);
  return ids;
}
