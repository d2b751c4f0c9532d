import type { SourceConfig } from '../config/schema';
import type { Connector, ConnectorDeps } from './types';
import { createConnectWiseConnector } from './psa/connectwise';
import { createAutotaskConnector } from './psa/autotask';
import { createHaloPsaConnector } from './psa/halopsa';
import { createSyncroConnector } from './psa/syncro';
import { createNinjaOneConnector } from './rmm/ninjaone';
import { createDattoRmmConnector } from './rmm/dattormm';
import { createPax8Connector } from './marketplace/pax8';

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
