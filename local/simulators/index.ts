import type { VendorKind } from '../../shared/domain/model';
import type { DemoWorld } from '../demo/world';
import { AUTOMATE_DEMO_ENV, automateDemoSource, startAutomateSimulator } from './automate';
import { AUTOTASK_DEMO_ENV, autotaskDemoSource, startAutotaskSimulator } from './autotask';
import { CONNECTWISE_DEMO_ENV, connectWiseDemoSource, startConnectWiseSimulator } from './connectwise';
import { DATTORMM_DEMO_ENV, dattormmDemoSource, startDattoRmmSimulator } from './dattormm';
import { HALOPSA_DEMO_ENV, haloPsaDemoSource, startHaloPsaSimulator } from './halopsa';
import { KASEYAVSA_DEMO_ENV, kaseyavsaDemoSource, startKaseyaVsaSimulator } from './kaseyavsa';
import type { FaultPlan, RunningSimulator } from './harness';
import { NINJAONE_DEMO_ENV, ninjaoneDemoSource, startNinjaOneSimulator } from './ninjaone';
import { PAX8_DEMO_ENV, pax8DemoSource, startPax8Simulator } from './pax8';
import { SYNCRO_DEMO_ENV, startSyncroSimulator, syncroDemoSource } from './syncro';

export interface SimulatorModule {
  /** Serves the vendor's slice of `world`. */
  start(world: DemoWorld, opts: { faults?: FaultPlan; port?: number }): Promise<RunningSimulator>;
  /** The source config entry (a z.input shape) that points the real connector at the simulator. */
  demoSource(baseUrl: string): unknown;
  /** Demo credentials, by the environment variable the source names. */
  env: Record<string, string>;
}

/** Every vendor's simulator (local and tests only; the vendor's module names its file): a kind without one is a compile error. */
export const SIMULATORS = {
  connectwise: { start: startConnectWiseSimulator, demoSource: connectWiseDemoSource, env: CONNECTWISE_DEMO_ENV },
  autotask: { start: startAutotaskSimulator, demoSource: autotaskDemoSource, env: AUTOTASK_DEMO_ENV },
  halopsa: { start: startHaloPsaSimulator, demoSource: haloPsaDemoSource, env: HALOPSA_DEMO_ENV },
  syncro: { start: startSyncroSimulator, demoSource: syncroDemoSource, env: SYNCRO_DEMO_ENV },
  ninjaone: { start: startNinjaOneSimulator, demoSource: ninjaoneDemoSource, env: NINJAONE_DEMO_ENV },
  dattormm: { start: startDattoRmmSimulator, demoSource: dattormmDemoSource, env: DATTORMM_DEMO_ENV },
  kaseyavsa: { start: startKaseyaVsaSimulator, demoSource: kaseyavsaDemoSource, env: KASEYAVSA_DEMO_ENV },
  automate: { start: startAutomateSimulator, demoSource: automateDemoSource, env: AUTOMATE_DEMO_ENV },
  pax8: { start: startPax8Simulator, demoSource: pax8DemoSource, env: PAX8_DEMO_ENV },
} satisfies Record<VendorKind, SimulatorModule>;

/** Each vendor's running simulator, with its own state type. */
export type Simulators = { [K in VendorKind]: Awaited<ReturnType<(typeof SIMULATORS)[K]['start']>> };

/** Every simulator's demo credentials in one environment. */
export const SIMULATOR_ENV: Record<string, string> = Object.assign({}, ...Object.values(SIMULATORS).map((s) => s.env));
