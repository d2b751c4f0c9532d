import { afterEach, describe, expect, it } from 'vitest';
import { AUTOTASK_DEMO_ENV, autotaskDemoSource, startAutotaskSimulator } from '../../local/simulators/autotask';
import { HALOPSA_DEMO_ENV, haloPsaDemoSource, startHaloPsaSimulator } from '../../local/simulators/halopsa';
import type { FaultPlan, RunningSimulator } from '../../local/simulators/harness';
import { AutotaskSource } from '../../shared/connectors/vendors/autotask/config';
import { HaloPsaSource } from '../../shared/connectors/vendors/halopsa/config';
import { VendorAuthError, VendorUnavailableError } from '../../shared/connectors/http/errors';
import { createAutotaskConnector } from '../../shared/connectors/vendors/autotask/connector';
import { createHaloPsaConnector } from '../../shared/connectors/vendors/halopsa/connector';
import type { PsaConnector } from '../../shared/connectors/types';
import { autotaskWorld } from '../support/autotask-world';
import { TEST_NIGHT, recordingDeps } from '../support/connector-deps';
import { haloWorld } from '../support/halopsa-world';

/**
 * Account managers are an optional lookup: an API user refused it (403) or pointed at nothing
 * (404) still gets its source's contracts and lines, with a warning that renewal alerts go to
 * the configured vCIO. Any other failure of the lookup still fails the source.
 */

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

interface Vendor {
  name: string;
  lookupPath: RegExp;
  warning: string;
  connect(faults?: FaultPlan): Promise<PsaConnector>;
}

const VENDORS: Vendor[] = [
  {
    name: 'Autotask',
    lookupPath: /\/Resources\/query$/,
    warning: 'Autotask Resources (account managers) could not be read',
    async connect(faults) {
      const sim = await startAutotaskSimulator(autotaskWorld(), { faults });
      running.push(sim);
      return createAutotaskConnector(AutotaskSource.parse(autotaskDemoSource(sim.url, 'at')), recordingDeps(AUTOTASK_DEMO_ENV, []));
    },
  },
  {
    name: 'HaloPSA',
    lookupPath: /^\/api\/Agent$/,
    warning: 'HaloPSA agents (account managers) could not be read',
    async connect(faults) {
      const sim = await startHaloPsaSimulator(haloWorld(), { faults });
      running.push(sim);
      return createHaloPsaConnector(HaloPsaSource.parse(haloPsaDemoSource(sim.url)), recordingDeps(HALOPSA_DEMO_ENV, []));
    },
  },
];

const REASONS: Record<number, string> = { 403: 'the API user lacks permission', 404: 'the API did not find it' };

describe.each(VENDORS)('$name account-manager lookup', (vendor) => {
  it.each([403, 404])('answering %i leaves the source whole, without account managers, and says so', async (status) => {
    const baseline = await (await vendor.connect()).pull(TEST_NIGHT);
    expect(baseline.clients.some((c) => c.accountManagerEmail !== null)).toBe(true);
    expect(baseline.warnings).toEqual([]);

    const pull = await (await vendor.connect({ refuseOn: { path: vendor.lookupPath, status } })).pull(TEST_NIGHT);

    expect(pull.warnings).toEqual([`${vendor.warning} (${status}): ${REASONS[status]}; renewal alerts go to the configured vCIO`]);
    expect(pull.clients).toEqual(baseline.clients.map((c) => ({ ...c, accountManagerEmail: null })));
    expect(pull.agreements).toEqual(baseline.agreements);
    expect(pull.quarantined).toEqual(baseline.quarantined);
  });

  it('still fails the source on a 401 or on a lookup that keeps answering 5xx', async () => {
    const unauthorized = await (await vendor.connect({ refuseOn: { path: vendor.lookupPath, status: 401 } })).pull(TEST_NIGHT).catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(VendorAuthError);

    const down = await (await vendor.connect({ refuseOn: { path: vendor.lookupPath, status: 503 } })).pull(TEST_NIGHT).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(VendorUnavailableError);
  });
});
