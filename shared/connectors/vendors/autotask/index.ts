import { defineVendor } from '../define';
import { AutotaskSource, LIMITS } from './config';
import { createAutotaskConnector } from './connector';

export const autotask = defineVendor({
  kind: 'autotask',
  role: 'psa',
  config: AutotaskSource,
  limits: LIMITS,
  simulator: 'local/simulators/autotask.ts',
  createConnector: createAutotaskConnector,
});
