import type { SourceConfig } from '../config/schema';
import type { Connector, ConnectorDeps } from './types';
import { createConnectWiseConnector } from './vendors/connectwise/connector';
import { createAutotaskConnector } from './vendors/autotask/connector';
import { createHaloPsaConnector } from './vendors/halopsa/connector';
import { createSyncroConnector } from './vendors/syncro/connector';
import { createNinjaOneConnector } from './vendors/ninjaone/connector';
import { createDattoRmmConnector } from './vendors/dattormm/connector';
import { createPax8Connector } from './vendors/pax8/connector';

/** The one place a configured source becomes a connector. */
export function createConnector(source: SourceConfig, deps: ConnectorDeps): Connector {
  switch (source.kind) {
    case 'connectwise':
      return createConnectWiseConnector(source, deps);
    case 'autotask':
      return createAutotaskConnector(source, deps);
    case 'halopsa':
      return createHaloPsaConnector(source, deps);
    case 'syncro':
      return createSyncroConnector(source, deps);
    case 'ninjaone':
      return createNinjaOneConnector(source, deps);
    case 'dattormm':
      return createDattoRmmConnector(source, deps);
    case 'pax8':
      return createPax8Connector(source, deps);
  }
}
