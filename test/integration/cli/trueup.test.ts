import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../../local/demo/config';
import { generateDemoWorld } from '../../../local/demo/generate';
import { startVendors, type StartedVendors } from '../../../local/demo/vendors';
import { startDynamo } from '../../../local/embedded/dynamo';
import { LOCAL_TABLE } from '../../../local/cli/local-services';
import { parseConfig } from '../../../shared/config/load';
import { loadLedger } from '../../../shared/store/ledger';
import { openTable } from '../../../shared/store/table';

/** The command line as a person meets it: `npx trueup ...` spawned, its stdout, stderr and exit code. */

const ENTRY = new URL('../../../bin/trueup.mjs', import.meta.url).pathname;
let dir: string;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function trueup(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ENTRY, ...args], { cwd: dir, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trueup-cli-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('command-line conventions', () => {
  it('prints help to stdout and exits 0, for --help and for help', async () => {
    for (const args of [['--help'], ['help'], ['run', '--help']]) {
      const out = await trueup(args);
      expect(out).toMatchObject({ code: 0, stderr: '' });
      expect(out.stdout).toMatch(/^Usage: trueup <command>/);
    }
  });

  it('names an unknown command or option in one line and exits 64', async () => {
    const command = await trueup(['frobnicate']);
    expect(command).toMatchObject({ code: 64, stdout: '' });
    expect(command.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('unknown command "frobnicate"')]);
    const option = await trueup(['demo', '--colour']);
    expect(option.code).toBe(64);
    expect(option.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('unknown option --colour')]);
  });

  it('refuses an impossible date when it is parsed, with no stack trace', async () => {
    const out = await trueup(['run', '--config', 'whatever.json', '--as-of', '2026-13-01']);
    expect(out.code).toBe(64);
    expect(out.stderr.trimEnd().split('\n')).toEqual(['--as-of must be a calendar date as YYYY-MM-DD, not "2026-13-01" (trueup --help lists commands and options)']);
  });

  it('prints the version from package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await trueup(['--version'])).toMatchObject({ code: 0, stdout: `trueup ${pkg.version}\n` });
  });

  it('says in one line what a failure means, and shows the stack only with --debug', async () => {
    // A table endpoint nothing listens on: not a config mistake trueup can name.
    const raw = { ...demoConfig({ sources: [], dynamoEndpoint: 'http://127.0.0.1:9', sesEndpoint: 'http://127.0.0.1:9', approvalBaseUrl: 'http://127.0.0.1:9', shadowMode: true }), sources: [{ id: 'syncro', kind: 'syncro', baseUrl: 'http://127.0.0.1:9/api/v1', apiKey: { env: 'SYNCRO_API_KEY' }, maxRetries: 0 }] };
    await writeFile(join(dir, 'broken.json'), JSON.stringify(raw));
    const plain = await trueup(['run', '--config', 'broken.json'], { SYNCRO_API_KEY: 'k', TRUEUP_DEMO_SIGNING_KEY: 'k' });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^Nothing answers at 127\.0\.0\.1:9: is the service the config names running\? .*\n$/);
    const debug = await trueup(['run', '--config', 'broken.json', '--debug'], { SYNCRO_API_KEY: 'k', TRUEUP_DEMO_SIGNING_KEY: 'k' });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('trueup demo --once', () => {
  it('prints no address of a server it has closed, and continues from .local/ the next time', async () => {
    const first = await trueup(['demo', '--once', '--as-of', '2026-11-23']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Trueup night 2026-11-23');
    expect(first.stdout).toMatch(/^Emails: +\d+ new in \.local\/outbox\/ \(\.eml and \.html\)$/m);
    expect(first.stdout).not.toContain('http://');
    const next = await trueup(['demo', '--once', '--next-night']);
    expect(next.stdout).toContain('Trueup night 2026-11-24');
    expect(next.stdout).toContain('Demo state:    .local/ holds 2 nights, 2026-11-23 to 2026-11-24');
  }, 60_000);

  it('reports the month\'s MRR from the demo\'s stored nights, as text or CSV, and says plainly when it cannot', async () => {
    const text = await trueup(['report', 'mrr', '--month', '2026-11']);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toContain('MRR for 2026-11 (nights 2026-11-23 to 2026-11-24)');
    expect(text.stdout).toMatch(/^ {2}Ending MRR +\$[\d,]+/m);
    const csv = await trueup(['report', 'mrr', '--month', '2026-11', '--csv']);
    expect(csv.stdout.split('\n')[0]).toBe('section,name,key,value,detail');
    expect(csv.stdout).toMatch(/^summary,ending_mrr,2026-11,\d+\.\d{2},2026-11-24$/m);
    expect(await trueup(['report', 'mrr', '--month', '2026-10'])).toMatchObject({ code: 2, stderr: expect.stringContaining('No MRR for 2026-10: no night stored in 2026-10') });
    expect(await trueup(['report', 'mrr', '--month', '2026-13'])).toMatchObject({ code: 64, stderr: expect.stringContaining('--month must be a month as YYYY-MM, not "2026-13"') });
    expect(await trueup(['report', 'leakage'])).toMatchObject({ code: 64, stderr: expect.stringContaining('trueup report: name the report, "mrr", not "leakage"') });
  }, 60_000);
});

describe('trueup init', () => {
  it('writes a starter config that validates, and a private credentials file beside it', async () => {
    const out = await trueup(['init', '--psa', 'halopsa', '--rmm', 'dattormm', '--out', 'mine.json']);
    expect(out.code).toBe(0);
    const config = parseConfig(JSON.parse(await readFile(join(dir, 'mine.json'), 'utf8')), 'mine.json');
    expect(config.sources.map((s) => s.kind)).toEqual(['halopsa', 'dattormm', 'pax8']);
    expect(config.safety.shadowMode).toBe(true);
    const env = await readFile(join(dir, 'mine.env'), 'utf8');
    expect(env).toMatch(/^HALO_CLIENT_ID=$/m);
    expect(env).toMatch(/^TRUEUP_SIGNING_KEY=[A-Za-z0-9_-]{43}$/m);
    expect((await stat(join(dir, 'mine.env'))).mode & 0o777).toBe(0o600);
    expect(await trueup(['init', '--out', 'mine.json'])).toMatchObject({ code: 64, stderr: expect.stringContaining('mine.json exists; --force overwrites it') });
    expect(await trueup(['init', '--psa', 'kaseya'])).toMatchObject({ code: 64, stderr: expect.stringContaining('--psa must be one of connectwise, autotask, halopsa, syncro') });
  });
});

describe('on one’s own vendors without AWS', () => {
  const NIGHT = '2026-11-23';
  let vendors: StartedVendors;

  beforeAll(async () => {
    const world = generateDemoWorld({ seed: 7, asOf: NIGHT, clients: 6, devicesPerClient: 8 });
    const ninjaOrg = world.clients.find((c) => c.rmm?.vendor === 'ninjaone')!.rmm!;
    // One record NinjaOne's schema refuses: quarantined, and warned about on the terminal.
    world.malformed = { ninjaone: [{ id: 'WS-LOBBY', organizationId: Number(ninjaOrg.id), nodeClass: 'WINDOWS_WORKSTATION', approvalStatus: 'APPROVED' }] };
    vendors = await startVendors(world);
    const raw: Record<string, unknown> = { ...demoConfig({ sources: vendors.sources, dynamoEndpoint: '', sesEndpoint: '', approvalBaseUrl: 'http://127.0.0.1:8006', shadowMode: true }) };
    // What `trueup init` leaves out: no storage, no mail endpoint, no safety section (shadow mode).
    delete raw.storage;
    delete raw.mail;
    delete raw.safety;
    await writeFile(join(dir, 'own.json'), JSON.stringify(raw));
    // Credentials from the env file beside the config, as `trueup init` sets it up.
    await writeFile(join(dir, 'own.env'), `${Object.entries({ ...vendors.env, TRUEUP_DEMO_SIGNING_KEY: 'a-local-test-signing-key-of-43-characters-x' }).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
  });
  afterAll(async () => vendors?.close());

  it('runs on an embedded database and outbox under .local/, writes nothing to the vendors, and keeps its ledger', async () => {
    const out = await trueup(['run', '--config', 'own.json', '--as-of', NIGHT, '--digest'], { POWERTOOLS_LOG_LEVEL: 'WARN' });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Running on this machine: data in .local/own/');
    expect(out.stdout).toContain(`Trueup night ${NIGHT}`);
    expect(Object.values(vendors.simulators).flatMap((s) => s.writes)).toEqual([]);
    expect(out.stderr).toMatch(/^warning: quarantined vendor record \(sourceId=ninja, entity=device, externalId=WS-LOBBY, reason=.+\)$/m);
    expect(out.stderr).not.toContain('{"');
    const outbox = await readdir(join(dir, '.local/own/outbox'));
    expect(outbox.some((f) => f.endsWith('.eml'))).toBe(true);
    expect(outbox.some((f) => /digest|week/i.test(f))).toBe(true);

    const dynamo = await startDynamo(0, join(dir, '.local/own/dynamo'));
    try {
      const ledger = await loadLedger(openTable({ tableName: LOCAL_TABLE, region: 'us-east-1', endpoint: dynamo.endpoint }));
      expect(ledger.length).toBeGreaterThan(0);
      expect(ledger.every((e) => e.firstSeen === NIGHT)).toBe(true);
    } finally {
      await dynamo.close();
    }
  });

  it('lists each source’s products, device classes and licences with the recipe that counts each', async () => {
    const out = await trueup(['products', '--config', 'own.json']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/halo \(halopsa\): PSA products \(a recipe's "product" or "aliases" is the recurring invoice line's item short description/);
    expect(out.stdout).toMatch(/^ {2}Managed Workstation +\d+ x +\d+ units {2}counted by: Managed Workstation$/m);
    expect(out.stdout).toMatch(/^ {2}WINDOWS_WORKSTATION +\d+ x +\d+ units {2}counted by: Managed Workstation$/m);
    expect(out.stdout).toMatch(/^ {2}PRINTER +\d+ x +\d+ units {2}counted by no recipe$/m);
  });
});
