import type { SourceConfig } from '../config/schema';
import type { Connector, ConnectorDeps } from './types';
import type { VendorModule } from './vendors/define';
import { VENDORS } from './vendors';

/** The one place a configured source becomes a connector. */
export function createConnector(source: SourceConfig, deps: ConnectorDeps): Connector {
  const vendor: VendorModule = VENDORS[source.kind];
  return vendor.createConnector(source, deps);
}
