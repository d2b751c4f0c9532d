import { VENDOR_KINDS } from '../../shared/domain/model';
import type { FaultPlan, RecordedWrite, RunningSimulator } from '../simulators/harness';
import { SIMULATOR_ENV, SIMULATORS, type Simulators } from '../simulators';
import type { DemoWorld } from './world';

/** Every vendor simulator serving its slice of one world, and the sources that point at them. */
export type DemoVendors = Simulators;

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
  const started: Partial<Record<VendorName, RunningSimulator>> = {};
  for (const kind of VENDOR_KINDS) started[kind] = await SIMULATORS[kind].start(world, at(kind));
  const simulators = started as DemoVendors;
  for (const [name, writes] of Object.entries(opts.replay ?? {})) await simulators[name as VendorName].replay(writes);
  const sources: unknown[] = VENDOR_KINDS.map((kind) => SIMULATORS[kind].demoSource(simulators[kind].url));
  return {
    simulators,
    sources,
    env: { ...SIMULATOR_ENV },
    close: async () => {
      await Promise.all(Object.values(simulators).map((s: RunningSimulator) => s.close()));
    },
  };
}
