import { defineVendor } from '../define';
import { API_ROOT, ConnectWiseSource, LIMITS } from './config';
import { createConnectWiseConnector } from './connector';

export const connectwise = defineVendor({
  kind: 'connectwise',
  role: 'psa',
  config: ConnectWiseSource,
  limits: LIMITS,
  apiRoot: API_ROOT,
  simulator: 'local/simulators/connectwise.ts',
  createConnector: createConnectWiseConnector,
});
