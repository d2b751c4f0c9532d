import { SourceConfig } from '../../shared/config/schema';
import { createSecretResolver } from '../../shared/config/secrets';
import { createConnector } from '../../shared/connectors/registry';
import type { Connector } from '../../shared/connectors/types';
import type { DemoVendors } from '../../local/demo/vendors';
import type { DemoWorld } from '../../local/demo/world';
import type { FaultPlan, RunningSimulator } from '../../local/simulators/harness';
import { AUTOTASK_DEMO_ENV, autotaskDemoSource, startAutotaskSimulator } from '../../local/simulators/autotask';
import { CONNECTWISE_DEMO_ENV, connectWiseDemoSource, startConnectWiseSimulator } from '../../local/simulators/connectwise';
import { DATTORMM_DEMO_ENV, dattormmDemoSource, startDattoRmmSimulator } from '../../local/simulators/dattormm';
import { HALOPSA_DEMO_ENV, haloPsaDemoSource, startHaloPsaSimulator } from '../../local/simulators/halopsa';
import { NINJAONE_DEMO_ENV, ninjaoneDemoSource, startNinjaOneSimulator } from '../../local/simulators/ninjaone';
import { PAX8_DEMO_ENV, pax8DemoSource, startPax8Simulator } from '../../local/simulators/pax8';
import { SYNCRO_DEMO_ENV, startSyncroSimulator, syncroDemoSource } from '../../local/simulators/syncro';

/** Every vendor Trueup reads, for suites that run each connector through the same behaviour. */
export const VENDORS = ['connectwise', 'autotask', 'halopsa', 'syncro', 'ninjaone', 'dattormm', 'pax8'] as const;
export type Vendor = (typeof VENDORS)[number];
/** Vendors that log in with OAuth2 client credentials; the others send a fixed key on every request. */
export const OAUTH_VENDORS: readonly Vendor[] = ['halopsa', 'ninjaone', 'dattormm', 'pax8'];

type Starter<V extends Vendor> = (world: DemoWorld, opts: { faults?: FaultPlan }) => Promise<DemoVendors[V]>;
const START: { [V in Vendor]: Starter<V> } = {
  connectwise: startConnectWiseSimulator,
  autotask: startAutotaskSimulator,
  halopsa: startHaloPsaSimulator,
  syncro: startSyncroSimulator,
  ninjaone: startNinjaOneSimulator,
  dattormm: startDattoRmmSimulator,
  pax8: startPax8Simulator,
};
const SOURCE: Record<Vendor, (url: string) => unknown> = {
  connectwise: connectWiseDemoSource,
  autotask: autotaskDemoSource,
  halopsa: haloPsaDemoSource,
  syncro: syncroDemoSource,
  ninjaone: ninjaoneDemoSource,
  dattormm: dattormmDemoSource,
  pax8: pax8DemoSource,
};
const ENV: Record<string, string> = {
  ...CONNECTWISE_DEMO_ENV,
  ...AUTOTASK_DEMO_ENV,
  ...HALOPSA_DEMO_ENV,
  ...SYNCRO_DEMO_ENV,
  ...NINJAONE_DEMO_ENV,
  ...DATTORMM_DEMO_ENV,
  ...PAX8_DEMO_ENV,
};

export interface StartedVendor<V extends Vendor> {
  sim: DemoVendors[V] & RunningSimulator;
  /** The real connector, pointed at the simulator with the demo credentials; backoff is not slept. */
  connector: Connector;
}

/** One vendor's simulator serving `world`, with `faults`, and its connector. Close `sim` after. */
export async function startVendor<V extends Vendor>(vendor: V, world: DemoWorld, faults?: FaultPlan): Promise<StartedVendor<V>> {
  const sim = await START[vendor](world, { faults });
  const source = SourceConfig.parse(SOURCE[vendor](sim.url));
  const connector = createConnector(source, { secrets: createSecretResolver(ENV), sleep: async () => {} });
  return { sim, connector };
}
