import { defineVendor } from '../define';
import { API_ROOT, DattoRmmSource, LIMITS } from './config';
import { createDattoRmmConnector } from './connector';

export const dattormm = defineVendor({
  kind: 'dattormm',
  role: 'rmm',
  config: DattoRmmSource,
  limits: LIMITS,
  apiRoot: API_ROOT,
  // None: sites are addressed by uid, which Trueup does not keep.
  webLinks: {},
  simulator: 'local/simulators/dattormm.ts',
  createConnector: createDattoRmmConnector,
});
