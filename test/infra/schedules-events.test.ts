import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EVENT_DETAILS } from '../../shared/events/events';
import { CollectInvocation, DeadlineInvocation } from '../../shared/events/scheduled';
import { testConfig } from './support/config';
import { logicalId, synthTrueup } from './support/synth';

const { stateless, statelessTemplate: template } = synthTrueup();
const fnArn = (name: keyof typeof stateless.functions) => ({ 'Fn::GetAtt': [logicalId(stateless, stateless.functions[name].function), 'Arn'] });
const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).map((r) => r.Properties);
const failuresQueue = Match.stringLikeRegexp('^MonitoringFailures');

describe('schedules, in the MSP time zone', () => {
  it('starts the collect state machine for each source at nightlyAt, passing its id', () => {
    const machine = { Ref: logicalId(stateless, stateless.collectMachine.stateMachine) };
    const collects = schedules.filter((s) => JSON.stringify(s.Target.Arn) === JSON.stringify(machine));
    expect(schedules.filter((s) => JSON.stringify(s.Target.Arn) === JSON.stringify(fnArn('collect')))).toEqual([]);
    expect(collects.map((s) => JSON.parse(s.Target.Input))).toEqual([{ sourceId: 'cw' }, { sourceId: 'ninja' }, { sourceId: 'pax8' }]);
    // What collect's handler parses.
    for (const s of collects) expect(CollectInvocation.safeParse(JSON.parse(s.Target.Input)).success).toBe(true);
    for (const s of collects) expect(s).toMatchObject({ ScheduleExpression: 'cron(30 1 * * ? *)', ScheduleExpressionTimezone: 'Europe/Amsterdam' });
  });

  it('reconciles at the deadline, nightlyAt plus reconcileDeadlineMinutes', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 4 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Amsterdam',
      Target: Match.objectLike({ Arn: fnArn('reconcile'), Input: '{"deadline":true}' }),
    });
    const deadline = schedules.find((s) => JSON.stringify(s.Target.Arn) === JSON.stringify(fnArn('reconcile')))!;
    expect(DeadlineInvocation.safeParse(JSON.parse(deadline.Target.Input)).success).toBe(true);
  });

  it('wraps a deadline past midnight into the next morning', () => {
    const { statelessTemplate } = synthTrueup(testConfig({ schedule: { nightlyAt: '23:15', reconcileDeadlineMinutes: 180 } }));
    statelessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(15 2 * * ? *)', Target: Match.objectLike({ Input: '{"deadline":true}' }) });
  });

  it('sends the weekly digest on digestDay at digestAt', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(45 6 ? * TUE *)',
      ScheduleExpressionTimezone: 'Europe/Amsterdam',
      Target: Match.objectLike({ Arn: fnArn('digest'), Input: '{}' }),
    });
  });

  it('retries every schedule and dead-letters what it cannot deliver', () => {
    expect(schedules).toHaveLength(5);
    for (const s of schedules)
      expect(s.Target).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^MonitoringFailures/), 'Arn'] } },
      });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [failuresQueue, 'Arn'] } })]) },
    });
  });
});

describe('events between stages', () => {
  const rules = Object.values(template.findResources('AWS::Events::Rule')).map((r) => r.Properties);
  const ruleFor = (detailType: string) => rules.find((r) => r.EventPattern['detail-type'][0] === detailType);

  it('routes SnapshotStored to reconcile and FindingsUpdated to notify, on the Trueup bus', () => {
    expect(ruleFor('SnapshotStored')).toMatchObject({ EventPattern: { source: ['trueup'] }, EventBusName: { Ref: expect.stringMatching(/^Bus/) } });
    expect(ruleFor('SnapshotStored')!.Targets[0].Arn).toEqual(fnArn('reconcile'));
    expect(ruleFor('FindingsUpdated')!.Targets[0].Arn).toEqual(fnArn('notify'));
    // Every event the stages publish has a rule, so none is put on the bus for no one.
    expect(rules.map((r) => r.EventPattern['detail-type'][0]).sort()).toEqual(Object.keys(EVENT_DETAILS).sort());
  });

  it('retries delivery and dead-letters what it cannot deliver', () => {
    for (const rule of rules)
      expect(rule.Targets[0]).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^MonitoringFailures/), 'Arn'] } },
      });
  });
});

describe('dead-letter queues', () => {
  it('are one queue, encrypted, refusing plain HTTP and keeping messages two weeks', () => {
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template.resourceCountIs('AWS::SQS::QueuePolicy', 1);
    template.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});
