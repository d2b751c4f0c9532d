import { defineVendor } from '../define';
import { API_ROOT, ConnectWiseSource, LIMITS } from './config';
import { createConnectWiseConnector } from './connector';
import { CW_PARTITIONS } from './partitions';

const enc = encodeURIComponent;

export const connectwise = defineVendor({
  kind: 'connectwise',
  role: 'psa',
  config: ConnectWiseSource,
  limits: LIMITS,
  partitions: CW_PARTITIONS,
  apiRoot: API_ROOT,
  // [I] from what the app shows in the address bar.
  webLinks: {
    agreement: (id) => `/ConnectWise.aspx?routeTo=AgreementFV&recid=${enc(id)}`,
    client: (id) => `/ConnectWise.aspx?routeTo=CompanyFV&recid=${enc(id)}`,
    timeEntry: (id) => `/ConnectWise.aspx?routeTo=TimeEntryFV&recid=${enc(id)}`,
    ticket: (id) => `/ConnectWise.aspx?routeTo=ServiceFV&recid=${enc(id)}`,
  },
  simulator: 'local/simulators/connectwise.ts',
  createConnector: createConnectWiseConnector,
});
