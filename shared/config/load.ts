import { readFile } from 'node:fs/promises';
import { describeIssues } from '../describe-issues';
import { TrueupConfig } from './schema';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(raw: unknown, origin = 'config'): TrueupConfig {
  const parsed = TrueupConfig.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${origin} is not valid:\n${describeIssues(parsed.error)}`);
  return parsed.data;
}

export async function loadConfigFile(path: string): Promise<TrueupConfig> {
  return parseConfig(await readConfigJson(path), path);
}

/** The config file's JSON, not yet validated (the CLI looks at what was left out before defaults apply). */
export async function readConfigJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not JSON: ${(err as Error).message}`);
  }
  return raw;
}
