import { defineVendor, unprefixed } from '../define';
import { API_ROOT, LIMITS, SyncroSource } from './config';
import { createSyncroConnector } from './connector';
import { SYNCRO_WORK_PARTITIONS } from './work';

const enc = encodeURIComponent;

export const syncro = defineVendor({
  kind: 'syncro',
  role: 'psa',
  config: SyncroSource,
  limits: LIMITS,
  workPartitions: SYNCRO_WORK_PARTITIONS,
  apiRoot: API_ROOT,
  // [I] from what the app shows in the address bar.
  webLinks: {
    agreement: (id) => {
      const schedule = unprefixed(id, 'schedule-');
      return schedule ? `/schedules/${enc(schedule)}` : `/contracts/${enc(id)}`;
    },
    client: (id) => `/customers/${enc(id)}`,
    // A ticket timer has no page of its own: its ticket shows it.
    ticket: (id) => `/tickets/${enc(id)}`,
  },
  simulator: 'local/simulators/syncro.ts',
  createConnector: createSyncroConnector,
});
