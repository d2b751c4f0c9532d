import type { FaultPlan, RecordedWrite, RunningSimulator } from '../simulators/harness';
import { AUTOTASK_DEMO_ENV, autotaskDemoSource, startAutotaskSimulator } from '../simulators/autotask';
import { CONNECTWISE_DEMO_ENV, connectWiseDemoSource, startConnectWiseSimulator } from '../simulators/connectwise';
import { DATTORMM_DEMO_ENV, dattormmDemoSource, startDattoRmmSimulator } from '../simulators/dattormm';
import { HALOPSA_DEMO_ENV, haloPsaDemoSource, startHaloPsaSimulator } from '../simulators/halopsa';
import { NINJAONE_DEMO_ENV, ninjaoneDemoSource, startNinjaOneSimulator } from '../simulators/ninjaone';
import { PAX8_DEMO_ENV, pax8DemoSource, startPax8Simulator } from '../simulators/pax8';
import { SYNCRO_DEMO_ENV, startSyncroSimulator, syncroDemoSource } from '../simulators/syncro';
import type { DemoWorld } from './world';

/** Every vendor simulator serving its slice of one world, and the sources that point at them. */
export interface DemoVendors {
  connectwise: Awaited<ReturnType<typeof startConnectWiseSimulator>>;
  autotask: Awaited<ReturnType<typeof startAutotaskSimulator>>;
  halopsa: Awaited<ReturnType<typeof startHaloPsaSimulator>>;
  syncro: Awaited<ReturnType<typeof startSyncroSimulator>>;
  ninjaone: Awaited<ReturnType<typeof startNinjaOneSimulator>>;
  dattormm: Awaited<ReturnType<typeof startDattoRmmSimulator>>;
  pax8: Awaited<ReturnType<typeof startPax8Simulator>>;
}

export interface StartedVendors {
  simulators: DemoVendors;
  /** Source config entries (z.input shapes) that point the real connectors at the simulators. */
  sources: unknown[];
  /** Demo credentials, by the environment variable the sources name. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export type VendorName = keyof DemoVendors;
/** Write-backs by simulator: what a lasting demo saves and replays. */
export type VendorWrites = Partial<Record<VendorName, RecordedWrite[]>>;

export interface VendorStartOptions {
  /** Fixed ports (a lasting demo's config keeps working across restarts); free ports when absent. */
  ports?: Partial<Record<VendorName, number>>;
  /** Write-backs an earlier run made, applied before the first request. */
  replay?: VendorWrites;
}

export async function startVendors(world: DemoWorld, faults: Partial<Record<VendorName, FaultPlan>> = {}, opts: VendorStartOptions = {}): Promise<StartedVendors> {
  const at = (v: VendorName) => ({ faults: faults[v], port: opts.ports?.[v] });
  const simulators: DemoVendors = {
    connectwise: await startConnectWiseSimulator(world, at('connectwise')),
    autotask: await startAutotaskSimulator(world, at('autotask')),
    halopsa: await startHaloPsaSimulator(world, at('halopsa')),
    syncro: await startSyncroSimulator(world, at('syncro')),
    ninjaone: await startNinjaOneSimulator(world, at('ninjaone')),
    dattormm: await startDattoRmmSimulator(world, at('dattormm')),
    pax8: await startPax8Simulator(world, at('pax8')),
  };
  for (const [name, writes] of Object.entries(opts.replay ?? {})) await simulators[name as VendorName].replay(writes);
  const sources: unknown[] = [
    connectWiseDemoSource(simulators.connectwise.url),
    autotaskDemoSource(simulators.autotask.url),
    haloPsaDemoSource(simulators.halopsa.url),
    syncroDemoSource(simulators.syncro.url),
    ninjaoneDemoSource(simulators.ninjaone.url),
    dattormmDemoSource(simulators.dattormm.url),
    pax8DemoSource(simulators.pax8.url),
  ];
  return {
    simulators,
    sources,
    env: { ...CONNECTWISE_DEMO_ENV, ...AUTOTASK_DEMO_ENV, ...HALOPSA_DEMO_ENV, ...SYNCRO_DEMO_ENV, ...NINJAONE_DEMO_ENV, ...DATTORMM_DEMO_ENV, ...PAX8_DEMO_ENV },
    close: async () => {
      await Promise.all(Object.values(simulators).map((s: RunningSimulator) => s.close()));
    },
  };
}
