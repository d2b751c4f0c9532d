import { SourceConfig } from '../../shared/config/schema';
import { createSecretResolver } from '../../shared/config/secrets';
import { createConnector } from '../../shared/connectors/registry';
import type { Connector } from '../../shared/connectors/types';
import type { DemoVendors } from '../../local/demo/vendors';
import type { DemoWorld } from '../../local/demo/world';
import type { FaultPlan, RunningSimulator } from '../../local/simulators/harness';
import { SIMULATOR_ENV, SIMULATORS } from '../../local/simulators';
import { VENDOR_KINDS } from '../../shared/domain/model';

/** Every vendor Trueup reads, for suites that run each connector through the same behaviour. */
export const VENDORS = VENDOR_KINDS;
export type Vendor = (typeof VENDORS)[number];
/** Vendors that log in for a token (OAuth2, Kaseya VSA's session, Automate's own login); the others send a fixed key on every request. */
export const OAUTH_VENDORS: readonly Vendor[] = ['halopsa', 'ninjaone', 'dattormm', 'kaseyavsa', 'automate', 'pax8'];

export interface StartedVendor<V extends Vendor> {
  sim: DemoVendors[V] & RunningSimulator;
  /** The real connector, pointed at the simulator with the demo credentials; backoff is not slept. */
  connector: Connector;
}

/** One vendor's simulator serving `world`, with `faults`, and its connector. Close `sim` after. */
export async function startVendor<V extends Vendor>(vendor: V, world: DemoWorld, faults?: FaultPlan): Promise<StartedVendor<V>> {
  const sim = (await SIMULATORS[vendor].start(world, { faults })) as DemoVendors[V];
  const source = SourceConfig.parse(SIMULATORS[vendor].demoSource(sim.url));
  const connector = createConnector(source, { secrets: createSecretResolver(SIMULATOR_ENV), sleep: async () => {} });
  return { sim, connector };
}
