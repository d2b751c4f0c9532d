import type { DemoWorld } from '../../local/demo/world';

/** What a generated world holds, to check it against the size the benchmark asked for. */
export function worldCounts(world: DemoWorld) {
  const rmm = [...world.clients.flatMap((c) => (c.rmm ? [c.rmm] : [])), ...world.orphans.rmm];
  const pax8 = [...world.clients.flatMap((c) => (c.pax8 ? [c.pax8] : [])), ...world.orphans.pax8];
  const agreements = world.clients.flatMap((c) => c.agreements);
  const byPsa: Record<string, number> = {};
  for (const c of world.clients) byPsa[c.psa.vendor] = (byPsa[c.psa.vendor] ?? 0) + 1;
  return {
    clients: world.clients.length,
    byPsa,
    agreements: agreements.length,
    lines: agreements.reduce((n, a) => n + a.lines.length, 0),
    devices: rmm.reduce((n, o) => n + o.devices.length, 0),
    subscriptions: pax8.reduce((n, c) => n + c.subscriptions.length, 0),
  };
}
