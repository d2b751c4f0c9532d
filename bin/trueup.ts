import '../local/quiet';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile } from '../shared/config/load';
import { startApprovalServer } from '../local/approval-server';
import { startDemo } from '../local/demo/run-demo';
import { createLocalRunner } from '../local/night';
import { formatSummary } from '../local/summary';
import { buildAppContext, useAppContext } from '../shared/app/context';
import { IsoDate } from '../shared/domain/model';
import { systemClock, todayIn } from '../shared/clock';

const USAGE = `Usage:
  trueup demo [--once] [--as-of YYYY-MM-DD]   the demo MSP on simulated vendors, embedded DynamoDB and SES
  trueup run --config <file> [--as-of YYYY-MM-DD] [--report <file.json>] [--digest]
                                              one night against what the config names
  trueup serve --config <file> [--port N]     the approval endpoint, for a local or self-hosted install`;

const DEMO_PORTS = { ses: 8005, approvals: 8006 };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      config: { type: 'string' },
      'as-of': { type: 'string' },
      report: { type: 'string' },
      once: { type: 'boolean', default: false },
      digest: { type: 'boolean', default: false },
      port: { type: 'string' },
    },
    strict: true,
  });
  const asOf = values['as-of'];
  if (asOf !== undefined && !IsoDate.safeParse(asOf).success) throw new ConfigError(`--as-of must be a date as YYYY-MM-DD, not "${asOf}"`);

  switch (command) {
    case 'demo': {
      const demo = await startDemo({ asOf, ports: DEMO_PORTS, configFile: `${process.cwd()}/.local/trueup.demo.json` });
      const night = await demo.runNight();
      await demo.runDigest();
      console.log(formatSummary(night.report, night.collected));
      console.log('');
      console.log(`Emails:        ${demo.sesUrl}  (inbox; raw JSON at ${demo.sesUrl}/store)`);
      console.log(`Approvals:     ${demo.approvalUrl}`);
      console.log(`Config used:   .local/trueup.demo.json`);
      if (values.once) {
        await demo.close();
        return 0;
      }
      console.log('\nThe inbox and approval links stay up until Ctrl-C.');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await demo.close();
      return 0;
    }
    case 'run': {
      if (!values.config) throw new ConfigError('trueup run needs --config <file>');
      const config = await loadConfigFile(values.config);
      const runner = createLocalRunner(config, { simulatedClock: asOf !== undefined });
      const night = await runner.runNight(asOf ?? todayIn(systemClock, config.msp.timeZone));
      if (values.digest) await runner.runDigest();
      console.log(formatSummary(night.report, night.collected));
      if (values.report) {
        await writeFile(values.report, `${JSON.stringify({ reportVersion: 1, ...night.report, collected: night.collected }, null, 2)}\n`);
        console.log(`\nReport written to ${values.report}`);
      }
      return night.report.sources.some((s) => s.state !== 'fresh') ? 2 : 0;
    }
    case 'serve': {
      if (!values.config) throw new ConfigError('trueup serve needs --config <file>');
      useAppContext(buildAppContext(await loadConfigFile(values.config)));
      const server = await startApprovalServer(values.port ? Number(values.port) : 8006);
      console.log(`Approval endpoint on ${server.url} until Ctrl-C`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await server.close();
      return 0;
    }
    default:
      console.error(USAGE);
      return command ? 64 : 0;
  }
}

/** The one-line reason a person can act on, for the failures a first run meets. */
function explain(err: Error): string {
  if (err instanceof ConfigError) return `Config problem: ${err.message}`;
  if (err.name === 'CredentialsProviderError')
    return 'No AWS credentials: the config names a real DynamoDB table and SES (no storage.endpoint / mail.endpoint), so set AWS_PROFILE or AWS_ACCESS_KEY_ID, or point those endpoints at the embedded stand-ins.';
  if (err.name === 'ResourceNotFoundException') return `AWS says: ${err.message}. Is storage.tableName right, and the stack deployed in storage.region?`;
  return `trueup failed: ${err.stack ?? err.message}`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(explain(err));
    process.exit(1);
  },
);
