import type { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { systemClock } from '../clock';
import type { SourceConfig, TrueupConfig } from '../config/schema';
import { loadRuntimeConfig } from '../config/runtime';
import { createSecretResolver, type SecretResolver } from '../config/secrets';
import { createConnector } from '../connectors/registry';
import type { ProgressSink } from '../connectors/http/progress';
import type { Connector } from '../connectors/types';
import { eventBridgePublisher, type EventPublisher } from '../events/publisher';
import { sesMailer, type Mailer } from '../mail/mailer';
import { openTable, type Table } from '../store/table';
import { TableRateBucket } from '../store/rate-bucket';
import { planPartitions } from '../connectors/plan';
import type { Timings } from '../timings';
import { logger } from './observability';

/** Everything a use case needs from the outside world, built once per Lambda container. */
export interface AppContext {
  config: TrueupConfig;
  table: Table;
  secrets: SecretResolver;
  mailer: Mailer;
  events: EventPublisher;
  /** One connector per source for the life of the context, so tokens and rate limits are shared. */
  connector(sourceId: string): Connector;
  /** The connector a partition worker uses: paced by the source's token bucket in the table, shared with the other workers. */
  workerConnector(sourceId: string): Connector;
  now(): Date;
  logger: Logger;
  /** Phase timings, set only by the night benchmark. */
  timings?: Timings;
}

export interface ContextOverrides {
  events?: EventPublisher;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  /** Where connectors report a pull's progress: the local CLI prints it; by default a debug log. */
  progress?: ProgressSink;
}

export function buildAppContext(config: TrueupConfig, overrides: ContextOverrides = {}): AppContext {
  const env = overrides.env ?? process.env;
  // Secrets live beside the table: one region for the whole deployment.
  const secrets = createSecretResolver(env, new SecretsManagerClient({ region: config.storage.region }));
  const connectors = new Map<string, Connector>();
  const workers = new Map<string, Connector>();
  const table = openTable(config.storage);
  const cached = (cache: Map<string, Connector>, sourceId: string, make: (source: SourceConfig) => Connector): Connector => {
    let c = cache.get(sourceId);
    if (!c) {
      const source = config.sources.find((s) => s.id === sourceId);
      if (!source) throw new Error(`unknown source "${sourceId}": the config names ${config.sources.map((s) => s.id).join(', ')}`);
      c = make(source);
      cache.set(sourceId, c);
    }
    return c;
  };
  const busName = env.TRUEUP_EVENT_BUS_NAME;
  let events = overrides.events;
  const progress: ProgressSink = overrides.progress ?? ((e) => logger.debug('pull progress', { ...e }));
  return {
    config,
    table,
    secrets,
    mailer: sesMailer({ from: config.recipients.from, ...config.mail }),
    get events(): EventPublisher {
      if (!events) {
        if (!busName) throw new Error('TRUEUP_EVENT_BUS_NAME is not set: the stages cannot hand over to each other');
        events = eventBridgePublisher(busName);
      }
      return events;
    },
    connector: (sourceId) => cached(connectors, sourceId, (source) => createConnector(source, { secrets, progress })),
    workerConnector: (sourceId) =>
      cached(workers, sourceId, (source) => createConnector(source, { secrets, progress, limiter: new TableRateBucket(table, sourceId, planPartitions(source, null).sharedRate) })),
    now: overrides.now ?? (() => systemClock.now()),
    logger,
  };
}

let current: Promise<AppContext> | undefined;

/** The context handlers use: from the bundled config file in Lambda, or the one the local runner installed. */
export function getAppContext(): Promise<AppContext> {
  current ??= loadRuntimeConfig().then((config) => buildAppContext(config));
  return current;
}

/** The local runner and tests install their context (embedded services, in-process bus). */
export function useAppContext(ctx: AppContext | undefined): void {
  current = ctx ? Promise.resolve(ctx) : undefined;
}
