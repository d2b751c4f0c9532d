import { Validations, type App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { testConfig } from './support/config';
import { buildTrueup, synthTrueup } from './support/synth';

const violationsOf = (app: App) => new AwsSolutionsChecks(app).validateScope(app).violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);

describe('cdk-nag AwsSolutions', () => {
  const { app } = synthTrueup();

  it('finds nothing unacknowledged in the default deployment', () => {
    expect(violationsOf(app)).toEqual([]);
  });

  it('finds nothing unacknowledged with every option turned the other way', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shared/pax8-AbCdEf';
    const raw = testConfig({ deployment: { alarmEmail: 'oncall@fabrikam-it.example', reservedConcurrency: false, sesIdentity: 'trueup@fabrikam-it.example' } });
    raw.sources[2] = { ...raw.sources[2]!, clientId: { secret: arn, field: 'id' }, clientSecret: { secret: arn, field: 'secret' } } as (typeof raw.sources)[number];
    const { app } = synthTrueup(raw);
    expect(violationsOf(app)).toEqual([]);
  });

  it('gives every acknowledgement a specific reason', () => {
    const reasons = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(reasons.map(([id]) => id.replace(/^Annotation::/, '').replace(/\[.*$/, ''))).toEqual(expect.arrayContaining(['AwsSolutions-SMG4', 'AwsSolutions-SQS3', 'AwsSolutions-IAM5']));
    for (const [id, reason] of reasons) expect(reason.length, id).toBeGreaterThan(60);
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    const { stateless } = buildTrueup();
    new sqs.Queue(stateless, 'StrayQueue');
    expect(() => Template.fromStack(stateless)).toThrow(/AwsSolutions-SQS3[\s\S]*StrayQueue/);
  });
});
