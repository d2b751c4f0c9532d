import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../../local/demo/config';
import { generateDemoWorld } from '../../../local/demo/generate';
import { startVendors, type StartedVendors } from '../../../local/demo/vendors';
import { startDynamo } from '../../../local/embedded/dynamo';
import { LOCAL_TABLE } from '../../../local/cli/local-services';
import { loadLedger } from '../../../shared/store/ledger';
import { openTable } from '../../../shared/store/table';

/** `npx trueup qbr` after a night on one's own vendors: the page and the PDF, or a plain refusal. */

const ENTRY = new URL('../../../bin/trueup.mjs', import.meta.url).pathname;
const NIGHT = '2026-11-23';
let dir: string;
let vendors: StartedVendors;

function trueup(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ENTRY, ...args], { cwd: dir, env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trueup-qbr-'));
  vendors = await startVendors(generateDemoWorld({ seed: 11, asOf: NIGHT, clients: 4, devicesPerClient: 6 }));
  const raw: Record<string, unknown> = { ...demoConfig({ sources: vendors.sources, dynamoEndpoint: '', sesEndpoint: '', approvalBaseUrl: 'http://127.0.0.1:8006', shadowMode: true }) };
  delete raw.storage;
  delete raw.mail;
  await writeFile(join(dir, 'own.json'), JSON.stringify(raw));
  await writeFile(join(dir, 'own.env'), `${Object.entries({ ...vendors.env, TRUEUP_DEMO_SIGNING_KEY: 'a-local-test-signing-key-of-43-characters-x' }).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
}, 60_000);
afterAll(async () => {
  await vendors?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('trueup qbr', () => {
  it('writes a client\u2019s newest pack as a page and a PDF, and refuses an unknown client plainly', async () => {
    expect((await trueup(['run', '--config', 'own.json', '--as-of', NIGHT])).code).toBe(0);
    const dynamo = await startDynamo(0, join(dir, '.local/own/dynamo'));
    let key: string;
    try {
      key = (await loadLedger(openTable({ tableName: LOCAL_TABLE, region: 'us-east-1', endpoint: dynamo.endpoint })))[0]!.clientKey;
    } finally {
      await dynamo.close();
    }

    const usage = await trueup(['qbr', '--config', 'own.json']);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toContain('trueup qbr needs --client <key>');
    const unknown = await trueup(['qbr', '--config', 'own.json', '--client', 'nope:0']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No QBR pack for nope:0');

    const out = await trueup(['qbr', '--config', 'own.json', '--client', key, '--out', 'pack', '--pdf']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`night of ${NIGHT}: pack.html and pack.pdf`);
    const page = await readFile(join(dir, 'pack.html'), 'utf8');
    expect(page).toContain('Quarterly business review, Q4 2026');
    expect(page).toContain('Seats billed against used');
    expect((await readFile(join(dir, 'pack.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);
});
