import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { runtimeConfig, type DeploymentPlan } from './config';
import type { FunctionCode } from './constructs/trueup-function';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

const CROSS_STACK_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences';

export interface TrueupAppOptions {
  /** false: inline stand-in code, for infra tests only; `cdk synth` always bundles. */
  bundle?: boolean;
}

/** Both stacks of one MSP's deployment, checked by cdk-nag. */
export function addTrueup(app: App, plan: DeploymentPlan, opts: TrueupAppOptions = {}) {
  // Weak references (outputs, not exports): removing a secret from the config cannot deadlock the two stacks.
  if (app.node.tryGetContext(CROSS_STACK_REFERENCES) === undefined) app.node.setContext(CROSS_STACK_REFERENCES, 'weak');
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: plan.region };
  const code: FunctionCode = opts.bundle === false ? { kind: 'inline' } : { kind: 'bundle', runtimeConfigFile: writeRuntimeConfig(app, plan) };
  const stateful = new StatefulStack(app, `${plan.stackPrefix}-Stateful`, {
    env,
    plan,
    description: 'Trueup: the table (retained) and the credentials',
  });
  const stateless = new StatelessStack(app, `${plan.stackPrefix}-Stateless`, {
    env,
    plan,
    table: stateful.table,
    secrets: stateful.secrets,
    plannedSecrets: stateful.plannedSecrets,
    code,
    description: 'Trueup: functions, schedules, events, approval endpoint, alarms',
  });
  Tags.of(app).add('app', 'trueup');
  // cdk-nag 3 is a policy-validation plugin: any unacknowledged finding fails the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, stateless };
}

/** The validated config the bundles carry, written beside the cloud assembly for the bundling hook to copy. */
function writeRuntimeConfig(app: App, plan: DeploymentPlan): string {
  mkdirSync(app.outdir, { recursive: true });
  const file = path.join(app.outdir, `${plan.stackPrefix}.trueup.config.json`);
  writeFileSync(file, `${JSON.stringify(runtimeConfig(plan), null, 2)}\n`);
  return file;
}
