import { plantLabor, type PlantedLabor } from '../../local/demo/labor';
import type { DemoWorld, WorldClient } from '../../local/demo/world';
import { connectWiseWorld } from './connectwise-world';

/** The ConnectWise test world with the demo's planted labor on its three CW clients (world date 2026-03-01: February is the closed cycle). */
export function connectWiseLaborWorld(): { world: DemoWorld; planted: PlantedLabor } {
  const world = connectWiseWorld();
  const cw = world.clients.filter((c) => c.psa.vendor === 'connectwise') as [WorldClient, WorldClient, WorldClient];
  return { world, planted: plantLabor(cw, world.asOf) };
}
