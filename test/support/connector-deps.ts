import { createSecretResolver } from '../../shared/config/secrets';
import type { ConnectorDeps, PullNight } from '../../shared/connectors/types';

/** Connector deps for tests: secrets from a plain env object, and backoff waits recorded, not slept. */
export function recordingDeps(env: Record<string, string | undefined>, sleeps: number[]): ConnectorDeps {
  return {
    secrets: createSecretResolver(env),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}

/**
 * The night a connector test pulls for. Only Autotask reads it (its billing period covers the run
 * date); the Autotask tests pass their own world's date instead.
 */
export const TEST_NIGHT: PullNight = { runDate: '2025-06-01' };
