import { defineVendor } from '../define';
import { AutotaskSource, LIMITS } from './config';
import { createAutotaskConnector } from './connector';

const enc = encodeURIComponent;

export const autotask = defineVendor({
  kind: 'autotask',
  role: 'psa',
  config: AutotaskSource,
  limits: LIMITS,
  // [I] from what the app shows in the address bar.
  webLinks: {
    agreement: (id) => `/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenContract&ContractID=${enc(id)}`,
    client: (id) => `/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenAccount&AccountID=${enc(id)}`,
    // No page of a time entry's own is known: its ticket shows it.
    ticket: (id) => `/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=${enc(id)}`,
  },
  simulator: 'local/simulators/autotask.ts',
  createConnector: createAutotaskConnector,
});
