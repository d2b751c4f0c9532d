import { describe, expect, it } from 'vitest';
import type { DemoWorld } from '../../../local/demo/world';
import { AUTOMATE_DEMO_ENV, automateDemoSource, startAutomateSimulator } from '../../../local/simulators/automate';
import { DATTORMM_DEMO_ENV, dattormmDemoSource, startDattoRmmSimulator } from '../../../local/simulators/dattormm';
import { NINJAONE_DEMO_ENV, ninjaoneDemoSource, startNinjaOneSimulator } from '../../../local/simulators/ninjaone';
import { createSecretResolver } from '../../../shared/config/secrets';
import { AutomateSource } from '../../../shared/connectors/vendors/automate/config';
import { createAutomateConnector } from '../../../shared/connectors/vendors/automate/connector';
import { DattoRmmSource } from '../../../shared/connectors/vendors/dattormm/config';
import { createDattoRmmConnector } from '../../../shared/connectors/vendors/dattormm/connector';
import { NinjaOneSource } from '../../../shared/connectors/vendors/ninjaone/config';
import { createNinjaOneConnector } from '../../../shared/connectors/vendors/ninjaone/connector';
import type { Device } from '../../../shared/domain/model';
import { automateWorld } from '../../support/automate-world';
import { TEST_NIGHT } from '../../support/connector-deps';
import { rmmWorld, withDeviceFacts } from '../../support/rmm-world';

/** The facts behind expansion signals, from each RMM that reports them, through its simulator and connector. */

const facts = (d: Device | undefined) => d && { osName: d.osName, antivirus: d.antivirus, warrantyEndsOn: d.warrantyEndsOn, builtOn: d.builtOn };

type Vendor = 'dattormm' | 'ninjaone' | 'automate';

/** Each RMM's simulator and connector, started on a world and pulled once. */
const PULLS: Record<Vendor, (world: DemoWorld) => Promise<{ sim: { close(): Promise<void> }; pull: () => Promise<{ devices: Device[] }> }>> = {
  dattormm: async (world) => {
    const sim = await startDattoRmmSimulator(world);
    return { sim, pull: () => createDattoRmmConnector(DattoRmmSource.parse(dattormmDemoSource(sim.url)), { secrets: createSecretResolver({ ...DATTORMM_DEMO_ENV }) }).pull(TEST_NIGHT) };
  },
  ninjaone: async (world) => {
    const sim = await startNinjaOneSimulator(world);
    return { sim, pull: () => createNinjaOneConnector(NinjaOneSource.parse(ninjaoneDemoSource(sim.url)), { secrets: createSecretResolver({ ...NINJAONE_DEMO_ENV }) }).pull(TEST_NIGHT) };
  },
  automate: async (world) => {
    const sim = await startAutomateSimulator(world);
    return { sim, pull: () => createAutomateConnector(AutomateSource.parse(automateDemoSource(sim.url)), { secrets: createSecretResolver({ ...AUTOMATE_DEMO_ENV }) }).pull(TEST_NIGHT) };
  },
};

async function devicesOf(world: DemoWorld, vendor: Vendor): Promise<{ planted: DemoWorld['clients'][number]['rmm']; devices: Device[] }> {
  const planted = withDeviceFacts(world).clients.find((c) => c.rmm?.vendor === vendor)!.rmm;
  const { sim, pull } = await PULLS[vendor](world);
  try {
    return { planted, devices: (await pull()).devices };
  } finally {
    await sim.close();
  }
}

describe('device facts for expansion signals, as each RMM reports them', () => {
  it('Datto RMM: operating system, antivirus status and warranty date; no build date', async () => {
    const { planted, devices } = await devicesOf(rmmWorld(), 'dattormm');
    const [old, fresh] = planted!.devices;
    expect(facts(devices.find((d) => d.externalId === old!.id))).toEqual({ osName: 'Microsoft Windows 10 Pro 10.0.19045', antivirus: 'none', warrantyEndsOn: '2022-03-31', builtOn: undefined });
    expect(facts(devices.find((d) => d.externalId === fresh!.id))).toMatchObject({ antivirus: 'protected', warrantyEndsOn: '2028-01-31', builtOn: undefined });
  });

  it('NinjaOne: warranty end and manufacture date from the device list; no OS or antivirus there', async () => {
    const { planted, devices } = await devicesOf(rmmWorld(), 'ninjaone');
    const [old] = planted!.devices;
    expect(facts(devices.find((d) => d.externalId === old!.id))).toEqual({ osName: undefined, antivirus: undefined, warrantyEndsOn: '2022-03-31', builtOn: '2019-03-31' });
  });

  it('ConnectWise Automate: operating system, virus scanner, warranty end and asset date', async () => {
    const { planted, devices } = await devicesOf(automateWorld(), 'automate');
    const [old, fresh] = planted!.devices;
    expect(facts(devices.find((d) => d.externalId === old!.id))).toEqual({ osName: 'Microsoft Windows 10 Pro 10.0.19045', antivirus: 'none', warrantyEndsOn: '2022-03-31', builtOn: '2019-03-31' });
    expect(facts(devices.find((d) => d.externalId === fresh!.id))).toMatchObject({ antivirus: 'protected', builtOn: '2025-01-31' });
  });

  it('reports nothing for a device the RMM says nothing about', async () => {
    const world = rmmWorld();
    const { devices } = await devicesOf(world, 'dattormm');
    const bare = world.clients.find((c) => c.rmm?.vendor === 'dattormm')!.rmm!.devices.find((d) => !d.facts && d.deviceClass === 'PRINTER');
    expect(facts(devices.find((d) => d.externalId === bare?.id))).toEqual({ osName: undefined, antivirus: undefined, warrantyEndsOn: undefined, builtOn: undefined });
  });
});
