import { afterEach, describe, expect, it } from 'vitest';
import { DATTORMM_DEMO_ENV, dattormmDemoSource, startDattoRmmSimulator } from '../../../local/simulators/dattormm';
import { HALOPSA_DEMO_ENV, haloPsaDemoSource, startHaloPsaSimulator } from '../../../local/simulators/halopsa';
import type { RunningSimulator } from '../../../local/simulators/harness';
import { NINJAONE_DEMO_ENV, ninjaoneDemoSource, startNinjaOneSimulator } from '../../../local/simulators/ninjaone';
import { apiRootWarning } from '../../../shared/connectors/vendors';
import { SourceConfig } from '../../../shared/config/schema';
import { DattoRmmSource } from '../../../shared/connectors/vendors/dattormm/config';
import { HaloPsaSource } from '../../../shared/connectors/vendors/halopsa/config';
import { NinjaOneSource } from '../../../shared/connectors/vendors/ninjaone/config';
import { createHaloPsaConnector } from '../../../shared/connectors/vendors/halopsa/connector';
import { createDattoRmmConnector } from '../../../shared/connectors/vendors/dattormm/connector';
import { createNinjaOneConnector } from '../../../shared/connectors/vendors/ninjaone/connector';
import { TEST_NIGHT, recordingDeps } from '../../support/connector-deps';
import { haloWorld } from '../../support/halopsa-world';
import { rmmWorld } from '../../support/rmm-world';

/** baseUrl means the API root for every vendor (shared/config/api-root.ts); the old forms still work, with a warning. */

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});
const started = <T extends RunningSimulator>(sim: T): T => (running.push(sim), sim);

describe('baseUrl is the API root for every vendor', () => {
  it('Datto RMM: the API root ending in /api, and the bare platform host Trueup took before, pull the same', async () => {
    const sim = started(await startDattoRmmSimulator(rmmWorld()));
    const pull = (baseUrl: string) => createDattoRmmConnector(DattoRmmSource.parse({ ...dattormmDemoSource(sim.url), baseUrl }), recordingDeps({ ...DATTORMM_DEMO_ENV }, [])).pull(TEST_NIGHT);
    const root = await pull(`${sim.url}/api`);
    expect(root.devices.length).toBeGreaterThan(0);
    expect(await pull(sim.url)).toEqual(root);
    expect(apiRootWarning({ kind: 'dattormm', id: 'datto', baseUrl: `${sim.url}/api/` })).toBeUndefined();
    expect(apiRootWarning({ kind: 'dattormm', id: 'datto', baseUrl: sim.url })).toBe(
      `sources "datto": baseUrl ${sim.url} is not the API root; using ${sim.url}/api. Put ${sim.url}/api in the config (baseUrl means the API root for every vendor).`,
    );
  });

  it('HaloPSA: a bare host is completed with /api', async () => {
    const sim = started(await startHaloPsaSimulator(haloWorld()));
    const pull = (baseUrl: string) => createHaloPsaConnector(HaloPsaSource.parse({ ...haloPsaDemoSource(sim.url), baseUrl }), recordingDeps({ ...HALOPSA_DEMO_ENV }, [])).pull(TEST_NIGHT);
    const root = await pull(`${sim.url}/api`);
    expect(root.agreements.length).toBeGreaterThan(0);
    expect(await pull(sim.url)).toEqual(root);
    expect(apiRootWarning({ kind: 'halopsa', id: 'halo', baseUrl: sim.url })).toContain(`using ${sim.url}/api`);
  });

  it('NinjaOne: the region host is the root; a trailing /v2 is dropped', async () => {
    const sim = started(await startNinjaOneSimulator(rmmWorld()));
    const pull = (baseUrl: string) => createNinjaOneConnector(NinjaOneSource.parse({ ...ninjaoneDemoSource(sim.url), baseUrl }), recordingDeps({ ...NINJAONE_DEMO_ENV }, [])).pull(TEST_NIGHT);
    const root = await pull(sim.url);
    expect(root.devices.length).toBeGreaterThan(0);
    expect(await pull(`${sim.url}/v2`)).toEqual(root);
    expect(apiRootWarning({ kind: 'ninjaone', id: 'ninja', baseUrl: sim.url })).toBeUndefined();
  });

  it('refuses a form that cannot be completed, saying what to give instead', () => {
    const env = { env: 'X' };
    const cw = SourceConfig.safeParse({ id: 'cw', kind: 'connectwise', baseUrl: 'https://api-na.myconnectwise.net', companyId: 'c', publicKey: env, privateKey: env, clientId: env });
    expect(cw.success).toBe(false);
    expect(cw.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['baseUrl', 'give the API root with its codebase path, e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0']]);
    const ninja = SourceConfig.safeParse({ id: 'n', kind: 'ninjaone', baseUrl: 'https://app.ninjarmm.com/api/v2', clientId: env, clientSecret: env });
    expect(ninja.error?.issues[0]?.message).toBe('give the region host without a path, e.g. https://app.ninjarmm.com');
  });
});
