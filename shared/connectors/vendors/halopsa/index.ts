import { defineVendor } from '../define';
import { API_ROOT, HaloPsaSource, LIMITS } from './config';
import { createHaloPsaConnector } from './connector';

export const halopsa = defineVendor({
  kind: 'halopsa',
  role: 'psa',
  config: HaloPsaSource,
  limits: LIMITS,
  apiRoot: API_ROOT,
  simulator: 'local/simulators/halopsa.ts',
  createConnector: createHaloPsaConnector,
});
