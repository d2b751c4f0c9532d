import '../local/quiet';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError, parseConfig, readConfigJson } from '../shared/config/load';
import type { TrueupConfig } from '../shared/config/schema';
import { startApprovalServer } from '../local/approval-server';
import { lastingPaths, runLastingDemo } from '../local/demo/lasting';
import { DatabaseInUseError, startDynamo } from '../local/embedded/dynamo';
import { formatMrrMonth, mrrCsv } from '../local/cli/mrr-report';
import { mrrMonth } from '../shared/domain/revenue';
import { loadMonthNights } from '../shared/store/mrr';
import { openTable } from '../shared/store/table';
import { createLocalRunner } from '../local/night';
import { formatSummary } from '../local/summary';
import { buildAppContext, useAppContext } from '../shared/app/context';
import { logger, metrics } from '../shared/app/observability';
import { dateOption, intOption, isCommand, monthOption, parseCommandArgs, UsageError, type Parsed } from '../local/cli/args';
import { quietDisabledMetrics, useReadableLogs } from '../local/cli/log-sink';
import { isLocalConfig, loadSiblingEnv, startLocalServices, type LocalServices } from '../local/cli/local-services';
import { starterConfig } from '../local/cli/init';
import { formatProducts, summarizeProducts } from '../local/cli/products';
import { terminalProgress } from '../local/cli/progress';
import { qbrFileBase, writeQbr } from '../local/cli/qbr';
import { getQbrPack } from '../shared/store/health';
import { systemClock, todayIn } from '../shared/clock';

const USAGE = `Usage: trueup <command> [options]

Commands:
  demo [--once] [--next-night | --as-of YYYY-MM-DD] [--weeks N] [--reset]
        the demo MSP on simulated vendors; its state lasts in .local/ between runs
  run --config <file> [--as-of YYYY-MM-DD] [--report <file.json>] [--digest]
        one night against what the config names (no "storage" in it: runs on this machine)
  serve --config <file> [--port N]
        the approval endpoint, for a local or self-hosted install
  init [--psa connectwise|autotask|halopsa|syncro] [--rmm ninjaone|dattormm|automate|none]
       [--marketplace pax8|none] [--out trueup.json] [--force]
        write a starter config and the credentials file beside it
  products --config <file>
        pull once and list the products, device classes and licences each source has,
        and which recipe counts each
  qbr --config <file> --client <key> [--out <name>] [--pdf]
        write a client's newest QBR pack as a printable page (and a PDF with --pdf);
        <key> is the PSA source id and client id, e.g. cw:250
  report mrr [--month YYYY-MM] [--csv] [--config <file>]
        a month's MRR: movements, NRR and GRR, per-seat revenue, licence margin
        (this month by default; the demo's data when no config is given)
  help  this text

Options for every command: --help, --debug (stack traces), --version`;

const DEMO_PORTS = {
  webhooks: 8008,
  ses: 8005,
  approvals: 8006,
  dynamo: 8007,
  vendors: { connectwise: 8010, autotask: 8011, halopsa: 8012, syncro: 8013, ninjaone: 8014, dattormm: 8015, pax8: 8016, automate: 8017, kaseyavsa: 8018 },
};

let debug = false;

async function main(argv: string[]): Promise<number> {
  debug = argv.includes('--debug');
  // --debug goes anywhere, before the command too.
  const [command, ...rest] = argv.filter((a) => a !== '--debug');
  if (command === undefined || command === '--help' || command === '-h') return help();
  if (command === '--version' || command === '-v') return version();
  if (!isCommand(command)) throw new UsageError(command.startsWith('-') ? `unknown option ${command}` : `unknown command "${command}"`);
  if (rest.includes('--version')) return version();
  const args = parseCommandArgs(command, rest);
  if (command === 'help' || args.values.help) return help();
  useReadableLogs(logger);
  quietDisabledMetrics(metrics);
  switch (command) {
    case 'demo':
      return demo(args);
    case 'run':
      return run(args);
    case 'serve':
      return serve(args);
    case 'init':
      return init(args);
    case 'products':
      return products(args);
    case 'qbr':
      return qbr(args);
    case 'report':
      return report(args);
  }
}

function help(): number {
  console.log(USAGE);
  return 0;
}

function version(): number {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  console.log(`trueup ${pkg.version}`);
  return 0;
}

async function demo({ values }: Parsed): Promise<number> {
  const home = `${process.cwd()}/.local`;
  const weeks = intOption('weeks', values.weeks, 1, 52);
  const started = performance.now();
  const lasting = await runLastingDemo({
    home,
    today: todayIn(systemClock, 'America/Chicago'),
    asOf: dateOption('as-of', values['as-of']),
    nextNight: values['next-night'] === true,
    weeks,
    reset: values.reset === true,
    ports: DEMO_PORTS,
    onNight: weeks ? (n) => process.stderr.write(`  night ${n.runDate} done\n`) : undefined,
  });
  const { demo, nights } = lasting;
  const last = nights.at(-1)!;
  const seconds = (performance.now() - started) / 1000;
  console.log(formatSummary(last.report, last.collected));
  console.log('');
  if (nights.length > 1)
    console.log(`Simulated:     ${nights.length} nights, ${nights[0]!.runDate} to ${last.runDate}, ${lasting.digests} weekly digests, in ${seconds.toFixed(1)} s (${(seconds / nights.length).toFixed(2)} s a night)`);
  else if (lasting.resumed) console.log(`Demo state:    .local/ holds ${lasting.stored.length} nights, ${lasting.stored[0]} to ${lasting.stored.at(-1)} (--next-night runs the next, --reset starts over)`);
  console.log(`Emails:        ${lasting.emailsSaved} new in ${relative(process.cwd(), lasting.paths.outbox)}/ (.eml and .html)`);
  console.log(`Chat posts:    ${demo.webhooks.posts().length} to the Teams and Slack webhook stand-in`);
  if (values.once) {
    await lasting.close();
    return 0;
  }
  console.log(`Inbox:         ${demo.sesUrl}  (raw JSON at ${demo.sesUrl}/store)`);
  console.log(`Approvals:     ${demo.approvalUrl}`);
  console.log(`Chat posts:    ${demo.webhooks.url}/posts  (what the Teams and Slack channels received)`);
  console.log(`Config:        ${relative(process.cwd(), lasting.paths.config)}  (while this runs: npx trueup run --config ${relative(process.cwd(), lasting.paths.config)})`);
  console.log('\nThe inbox and approval links stay up until Ctrl-C; approvals are kept for the next night (npm start -- --next-night).');
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await lasting.close();
  return 0;
}

/** The config, with the embedded services started when it names no storage. */
async function openConfig(path: unknown, command: string): Promise<{ config: TrueupConfig; local?: LocalServices }> {
  if (typeof path !== 'string') throw new UsageError(`trueup ${command} needs --config <file>`);
  const raw = await readConfigJson(path);
  loadSiblingEnv(path);
  if (!isLocalConfig(raw)) return { config: parseConfig(raw, path) };
  // Validate before starting anything, so a typo costs no database.
  parseConfig(raw, path);
  const local = await startLocalServices(raw, path);
  try {
    return { config: parseConfig(local.raw, path), local };
  } catch (err) {
    await local.close();
    throw err;
  }
}

async function run({ values }: Parsed): Promise<number> {
  const asOf = dateOption('as-of', values['as-of']);
  const { config, local } = await openConfig(values.config, 'run');
  try {
    if (local) console.log(`Running on this machine: data in ${relative(process.cwd(), local.home) || '.'}/ (the config names no storage)${config.safety.shadowMode ? '; shadow mode, nothing is written to the PSA' : ''}\n`);
    const runner = createLocalRunner(config, { simulatedClock: asOf !== undefined, progress: terminalProgress() });
    const night = await runner.runNight(asOf ?? todayIn(systemClock, config.msp.timeZone));
    if (values.digest) await runner.runDigest();
    console.log(formatSummary(night.report, night.collected));
    if (typeof values.report === 'string') {
      await writeFile(values.report, `${JSON.stringify({ reportVersion: 1, ...night.report, collected: night.collected }, null, 2)}\n`);
      console.log(`\nReport written to ${values.report}`);
    }
    if (local?.outbox) console.log(`\nEmails:        ${await local.flush()} new in ${relative(process.cwd(), local.outbox)}/ (.eml and .html)`);
    // 2: the night completed without all of its data (a source missing, or one that fell off a cliff).
    return night.report.sources.some((s) => s.state !== 'fresh') || night.report.dataQuality.suspectSources.length > 0 ? 2 : 0;
  } finally {
    await local?.close();
  }
}

async function serve({ values }: Parsed): Promise<number> {
  const port = intOption('port', values.port, 1, 65_535) ?? 8006;
  const { config, local } = await openConfig(values.config, 'serve');
  try {
    useAppContext(buildAppContext(config));
    const server = await startApprovalServer(port);
    console.log(`Approval endpoint on ${server.url} until Ctrl-C`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    await server.close();
    return 0;
  } finally {
    await local?.close();
  }
}

async function init({ values }: Parsed): Promise<number> {
  const out = typeof values.out === 'string' ? values.out : 'trueup.json';
  if (!/\.json$/i.test(out)) throw new UsageError(`trueup init: --out must name a .json file, not "${out}"`);
  const envOut = out.replace(/\.json$/i, '.env');
  for (const f of [out, envOut]) if (existsSync(f) && !values.force) throw new UsageError(`trueup init: ${f} exists; --force overwrites it`);
  const starter = starterConfig({ psa: values.psa as string | undefined, rmm: values.rmm as string | undefined, marketplace: values.marketplace as string | undefined, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
  parseConfig(starter.config, 'the starter config');
  await writeFile(out, `${JSON.stringify(starter.config, null, 2)}\n`);
  await writeFile(envOut, starter.envFile, { mode: 0o600 });
  console.log(`Wrote ${out} and ${envOut} (credentials; keep it private).
Next:
  1. Fill in ${envOut} and the URLs and company id in ${out}; set msp, recipients and recipe prices.
  2. npx trueup products --config ${out}    see what your vendors call things, then write recipes
  3. npx trueup run --config ${out}         one night on this machine, read-only (shadow mode)`);
  return 0;
}

async function products({ values }: Parsed): Promise<number> {
  if (typeof values.config !== 'string') throw new UsageError('trueup products needs --config <file>');
  const raw = await readConfigJson(values.config);
  loadSiblingEnv(values.config);
  const config = parseConfig(raw, values.config);
  // Only the connectors are used: nothing is stored, so no storage is started.
  const ctx = buildAppContext(config, { progress: terminalProgress() });
  const summaries = [];
  let failed = 0;
  for (const source of config.sources) {
    try {
      summaries.push(summarizeProducts(config, source, await ctx.connector(source.id).pull({ runDate: todayIn(systemClock, config.msp.timeZone) })));
    } catch (err) {
      failed++;
      console.error(`${source.id} (${source.kind}): could not pull: ${(err as Error).message}`);
    }
  }
  console.log(formatProducts(summaries));
  return failed ? 2 : 0;
}

async function qbr({ values }: Parsed): Promise<number> {
  if (typeof values.client !== 'string' || !values.client.includes(':')) throw new UsageError('trueup qbr needs --client <key>, the PSA source id and client id, e.g. --client cw:250');
  const { config, local } = await openConfig(values.config, 'qbr');
  try {
    const pack = await getQbrPack(buildAppContext(config).table, values.client);
    if (!pack) {
      console.error(`No QBR pack for ${values.client}: a night makes one for each matched client (keys as in the run summary, <psa source id>:<client id>).`);
      return 2;
    }
    const base = typeof values.out === 'string' ? values.out.replace(/\.(html|pdf)$/i, '') : qbrFileBase(pack);
    const files = await writeQbr(pack, { mspName: config.msp.name, currency: config.msp.currency, base, pdf: values.pdf === true });
    console.log(`QBR pack for ${pack.clientName}, night of ${pack.runDate}: ${[files.html, files.pdf].filter(Boolean).join(' and ')}`);
    return 0;
  } finally {
    await local?.close();
  }
}

async function report({ values, positionals }: Parsed): Promise<number> {
  if (positionals.length !== 1 || positionals[0] !== 'mrr') throw new UsageError(`trueup report: name the report, "mrr"${positionals.length ? `, not "${positionals.join(' ')}"` : ''}`);
  const opened = typeof values.config === 'string' ? await openConfig(values.config, 'report') : await openDemoData();
  try {
    const { config } = opened;
    const month = monthOption('month', values.month) ?? todayIn(systemClock, config.msp.timeZone).slice(0, 7);
    const result = mrrMonth(await loadMonthNights(openTable(config.storage), month), month);
    if (!result.ok) {
      console.error(`No MRR for ${month}: ${result.reason}`);
      return 2;
    }
    process.stdout.write(values.csv ? mrrCsv(result.month) : `${formatMrrMonth(result.month, config.msp.currency)}\n`);
    return 0;
  } finally {
    await opened.local?.close();
  }
}

/** The lasting demo's stored nights (.local/), read while the demo is not running. */
async function openDemoData(): Promise<{ config: TrueupConfig; local: { close(): Promise<void> } }> {
  const paths = lastingPaths(`${process.cwd()}/.local`);
  if (!existsSync(paths.config) || !existsSync(paths.dynamo)) throw new UsageError('trueup report: no --config and no demo data in .local/ (run `npm start` first, or name a config)');
  const raw = (await readConfigJson(paths.config)) as Record<string, unknown>;
  loadSiblingEnv(paths.config);
  const dynamo = await startDynamo(0, paths.dynamo);
  const storage = { ...(raw.storage as Record<string, unknown>), endpoint: dynamo.endpoint };
  return { config: parseConfig({ ...raw, storage }, paths.config), local: { close: dynamo.close } };
}

/** The one-line reason a person can act on, for the failures a first run meets. */
function explain(err: Error): string {
  if (err instanceof UsageError) return `${err.message} (trueup --help lists commands and options)`;
  if (err instanceof ConfigError) return `Config problem: ${err.message}`;
  if (err instanceof DatabaseInUseError) return err.message;
  if (err.name === 'CredentialsProviderError')
    return 'No AWS credentials: the config names a DynamoDB table (storage) without storage.endpoint, so set AWS_PROFILE or AWS_ACCESS_KEY_ID, or remove "storage" to run on this machine.';
  const taken = /EADDRINUSE.*:(\d+)/.exec(err.message)?.[1];
  if (taken) return `Port ${taken} is in use: is another trueup (the demo?) still running?`;
  const refused = /ECONNREFUSED (\S+)/.exec(err.message)?.[1];
  if (refused) return `Nothing answers at ${refused}: is the service the config names running? (.local/trueup.demo.json works while npm start runs)`;
  if (err.name === 'ResourceNotFoundException') return `AWS says: ${err.message}. Is storage.tableName right, and the stack deployed in storage.region?`;
  return `trueup failed: ${err.message}${debug ? '' : ' (--debug shows the stack trace)'}`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(explain(err));
    if (debug && err.stack) console.error(err.stack);
    process.exit(err instanceof UsageError ? 64 : 1);
  },
);
