import { defineVendor } from '../define';
import { API_ROOT, LIMITS, SyncroSource } from './config';
import { createSyncroConnector } from './connector';

export const syncro = defineVendor({
  kind: 'syncro',
  role: 'psa',
  config: SyncroSource,
  limits: LIMITS,
  apiRoot: API_ROOT,
  simulator: 'local/simulators/syncro.ts',
  createConnector: createSyncroConnector,
});
