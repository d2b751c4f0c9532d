import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { planDeploymentFromRaw } from '../../../lib/config';
import { addTrueup } from '../../../lib/trueup-app';
import { testConfig } from './config';

/**
 * Both stacks from a raw config, with inline stand-in code instead of esbuild bundles (the
 * bundling path runs in `npm run synth`). Synthesis runs the cdk-nag plugin, so a finding
 * nobody acknowledged fails here too.
 */
export function synthTrueup(raw: unknown = testConfig()) {
  const built = buildTrueup(raw);
  return { ...built, statefulTemplate: Template.fromStack(built.stateful), statelessTemplate: Template.fromStack(built.stateless) };
}

/** The same, before synthesis: for tests that add to the app first. */
export function buildTrueup(raw: unknown = testConfig()) {
  const app = new App();
  const plan = planDeploymentFromRaw(raw, 'test config');
  return { app, plan, ...addTrueup(app, plan, { bundle: false }) };
}

/** The logical id a construct's CloudFormation resource gets in its stack. */
export function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}
