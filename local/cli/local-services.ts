import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ensureTable, startDynamo } from '../embedded/dynamo';
import { saveOutbox } from '../embedded/outbox';
import { startSes } from '../embedded/ses';

/**
 * The embedded default for `trueup run` and `trueup serve` on one's own vendors, without AWS.
 * The rule: a config with no `storage` section runs on this machine. Its data lives in an
 * embedded DynamoDB under `.local/<config name>/dynamo` beside the config (so the ledger and
 * trends build up night after night), and unless `mail.endpoint` names a server, its emails go
 * to an embedded SES and are written to `.local/<config name>/outbox/` as .eml and .html files.
 * A config that names `storage` talks to that table (AWS, or `storage.endpoint`) as before.
 */

export const LOCAL_TABLE = 'trueup-local';

export interface LocalServices {
  /** The raw config with the embedded endpoints filled in. */
  raw: Record<string, unknown>;
  home: string;
  outbox: string | undefined;
  /** Writes the emails received so far to the outbox; returns how many were new. */
  flush(): Promise<number>;
  close(): Promise<void>;
}

export function isLocalConfig(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && (raw as Record<string, unknown>).storage === undefined;
}

export async function startLocalServices(raw: Record<string, unknown>, configPath: string): Promise<LocalServices> {
  const home = join(dirname(resolve(configPath)), '.local', basename(configPath).replace(/\.json$/i, ''));
  await mkdir(home, { recursive: true });
  const dynamoPath = join(home, 'dynamo');
  const dynamo = await startDynamo(0, dynamoPath);
  await ensureTable(dynamo.endpoint, LOCAL_TABLE);
  const mail = (raw.mail ?? {}) as Record<string, unknown>;
  const ses = mail.endpoint === undefined ? await startSes(0) : undefined;
  const outbox = ses ? join(home, 'outbox') : undefined;
  const flush = async () => (ses && outbox ? (await saveOutbox(ses.url, outbox)).length : 0);
  return {
    raw: { ...raw, storage: { tableName: LOCAL_TABLE, region: 'us-east-1', endpoint: dynamo.endpoint }, mail: ses ? { ...mail, endpoint: ses.url } : mail },
    home,
    outbox,
    flush,
    async close() {
      await flush();
      await ses?.close();
      await dynamo.close();
    },
  };
}

/** `<name>.env` beside `<name>.json`: loaded when present; variables already set win. */
export function loadSiblingEnv(configPath: string): string | undefined {
  const envFile = configPath.replace(/\.json$/i, '') + '.env';
  if (envFile === configPath || !existsSync(envFile)) return undefined;
  process.loadEnvFile(envFile);
  return envFile;
}
