import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretRef } from './source-common';
import { ConfigError } from './load';

export type SecretResolver = (ref: SecretRef, what: string) => Promise<string>;

/**
 * Resolves credentials named in config. Secrets Manager values are cached for the life of the
 * process (one Lambda container), so a night's thousands of calls cost one GetSecretValue each.
 */
export function createSecretResolver(env: NodeJS.ProcessEnv = process.env, client?: SecretsManagerClient): SecretResolver {
  const cache = new Map<string, Promise<string>>();
  let sm = client;
  return async (ref, what) => {
    if ('env' in ref) {
      const value = env[ref.env];
      if (!value) throw new ConfigError(`${what}: environment variable ${ref.env} is not set`);
      return value;
    }
    sm ??= new SecretsManagerClient({});
    const secretsManager = sm;
    let whole = cache.get(ref.secret);
    if (!whole) {
      whole = secretsManager
        .send(new GetSecretValueCommand({ SecretId: ref.secret }))
        .then((out) => {
          if (out.SecretString === undefined) throw new ConfigError(`${what}: secret ${ref.secret} has no string value`);
          return out.SecretString;
        });
      cache.set(ref.secret, whole);
      whole.catch(() => cache.delete(ref.secret));
    }
    const text = await whole;
    if (!ref.field) return text;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new ConfigError(`${what}: secret ${ref.secret} is not JSON, so field "${ref.field}" cannot be read`);
    }
    const value = json[ref.field];
    if (typeof value !== 'string' || !value) throw new ConfigError(`${what}: secret ${ref.secret} has no field "${ref.field}"`);
    return value;
  };
}
