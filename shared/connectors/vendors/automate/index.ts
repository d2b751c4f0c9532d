import { defineVendor } from '../define';
import { API_ROOT, AutomateSource, LIMITS } from './config';
import { createAutomateConnector } from './connector';

export const automate = defineVendor({
  kind: 'automate',
  role: 'rmm',
  config: AutomateSource,
  limits: LIMITS,
  apiRoot: API_ROOT,
  // None: [I] the Automate web control center's client URLs are not documented.
  webLinks: {},
  simulator: 'local/simulators/automate.ts',
  createConnector: createAutomateConnector,
});
