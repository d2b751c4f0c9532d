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

  it('fire on the first error of any function', () => {
    for (const name of FUNCTION_NAMES)
      expect(alarms).toContainEqual(
        expect.objectContaining({
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(stateless, stateless.functions[name].function) } }],
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        }),
      );
  });

  it('fire on the first message in any dead-letter queue', () => {
    const depth = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(depth.map((a) => a.Dimensions[0].Value['Fn::GetAtt'][0]).sort()).toEqual(queues.sort());
    for (const a of depth) expect(a).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
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

  it('reach an encrypted topic that CloudWatch and SES may publish to', () => {
    template.allResourcesProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MonitoringTopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
          Match.objectLike({ Principal: { Service: 'ses.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
  });
});
