import { defineVendor } from '../define';
import { API_ROOT, LIMITS, NinjaOneSource } from './config';
import { createNinjaOneConnector } from './connector';

export const ninjaone = defineVendor({
  kind: 'ninjaone',
  role: 'rmm',
  config: NinjaOneSource,
  limits: LIMITS,
  apiRoot: API_ROOT,
  simulator: 'local/simulators/ninjaone.ts',
  createConnector: createNinjaOneConnector,
});
