import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../lib/config';
import { testConfig } from './support/config';
import { logicalId, synthTrueup } from './support/synth';

const { stateless, statelessTemplate: template } = synthTrueup(testConfig({ deployment: { alarmEmail: 'oncall@fabrikam-it.example' } }));
const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties);
const alarmTopic = { Ref: logicalId(stateless, stateless.monitoring.alarmTopic) };

describe('alarms', () => {
  it('page the owner through one topic, subscribed by the configured email', () => {
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([alarmTopic]);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@fabrikam-it.example', TopicArn: alarmTopic });
  });

  it('fire on the first error of the approval endpoint, whose synchronous errors reach no queue', () => {
    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stateless, stateless.functions.approval.function) } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
  });

  it('fire on the first message in the one dead-letter queue every asynchronous stage fails into', () => {
    const [queue] = Object.keys(template.findResources('AWS::SQS::Queue'));
    const failures = { 'Fn::GetAtt': [queue, 'Arn'] };
    // One alarm: the queue's depth summed with the collect state machine's failed and timed-out executions (metric math).
    const [failuresAlarm, ...others] = alarms.filter((a) => JSON.stringify(a).includes('ApproximateNumberOfMessagesVisible'));
    expect(others).toEqual([]);
    expect(failuresAlarm).toMatchObject({ AlarmName: 'Trueup-FailuresDepth', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const metrics = failuresAlarm.Metrics as Array<{ Id: string; Expression?: string; ReturnData?: boolean; MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: unknown } } }>;
    expect(metrics.find((m) => m.Expression)).toMatchObject({ Expression: 'FILL(depth, 0) + FILL(collectFailed, 0) + FILL(collectTimedOut, 0)' });
    const stat = (id: string) => metrics.find((m) => m.Id === id)?.MetricStat?.Metric;
    expect(stat('depth')).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }] });
    const machine = { Ref: logicalId(stateless, stateless.collectMachine.stateMachine) };
    expect([stat('collectFailed'), stat('collectTimedOut')]).toEqual([
      { Namespace: 'AWS/States', MetricName: 'ExecutionsFailed', Dimensions: [{ Name: 'StateMachineArn', Value: machine }] },
      { Namespace: 'AWS/States', MetricName: 'ExecutionsTimedOut', Dimensions: [{ Name: 'StateMachineArn', Value: machine }] },
    ]);
    const destinations = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).map((r) => r.Properties.DestinationConfig.OnFailure.Destination);
    expect(destinations).toHaveLength(FUNCTION_NAMES.length - 1);
    for (const d of destinations) expect(d).toEqual(failures);
    for (const rule of Object.values(template.findResources('AWS::Events::Rule'))) expect(rule.Properties.Targets[0].DeadLetterConfig.Arn).toEqual(failures);
    for (const schedule of Object.values(template.findResources('AWS::Scheduler::Schedule'))) expect(schedule.Properties.Target.DeadLetterConfig.Arn).toEqual(failures);
  });

  it('cost five alarms in all: failures, approval errors, night not completed, bounces, complaints', () => {
    expect(alarms).toHaveLength(5);
  });

  it('fire when no night completed: missing NightCompleted data counts as a failure', () => {
    // Deadline 150 min + reconcile timeout 10 min past the nightly start: 24 + 3 hours of silence.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Trueup-NightNotCompleted',
      Namespace: 'Trueup',
      MetricName: 'NightCompleted',
      Dimensions: [{ Name: 'service', Value: 'trueup' }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 27,
      DatapointsToAlarm: 27,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('fire on an email bounce or complaint reported by the SES configuration set', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'trueup-mail', ReputationOptions: { ReputationMetricsEnabled: true } });
    for (const event of ['bounce', 'complaint']) {
      const destination = Object.values(template.findResources('AWS::SES::ConfigurationSetEventDestination')).find((d) =>
        d.Properties.EventDestination.MatchingEventTypes.includes(event),
      );
      const topicRef = destination!.Properties.EventDestination.SnsDestination.TopicARN.Ref as string;
      expect(alarms).toContainEqual(
        expect.objectContaining({ Namespace: 'AWS/SNS', MetricName: 'NumberOfMessagesPublished', Dimensions: [{ Name: 'TopicName', Value: { 'Fn::GetAtt': [topicRef, 'TopicName'] } }] }),
      );
    }
  });

  it('reach topics that refuse plain HTTP, with no customer-managed key to pay for', () => {
    template.resourceCountIs('AWS::KMS::Key', 0);
    for (const topic of Object.keys(template.findResources('AWS::SNS::Topic')))
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topic }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
  });
});
