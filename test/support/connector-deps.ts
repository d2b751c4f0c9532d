import { createSecretResolver } from '../../shared/config/secrets';
import type { ConnectorDeps } from '../../shared/connectors/types';

/** Connector deps for tests: secrets from a plain env object, and backoff waits recorded, not slept. */
export function recordingDeps(env: Record<string, string | undefined>, sleeps: number[]): ConnectorDeps {
  return {
    secrets: createSecretResolver(env),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}
