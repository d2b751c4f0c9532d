import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  /** deployment.stackPrefix: alarm and queue names start with it. */
  prefix: string;
  alarmEmail?: string;
}

/**
 * The alarm topic, one dead-letter queue for everything that failed for good, and the helpers
 * that make a metric page the owner. Alarms are billed each, so one queue with one alarm covers
 * every asynchronous stage: each message names what failed (the Lambda destination record's
 * function ARN, EventBridge's RULE_ARN and TARGET_ARN attributes, Scheduler's schedule ARN, the
 * collect state machine's execution).
 */
export class Monitoring extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly failures: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.prefix = props.prefix;
    this.alarmTopic = this.topic('AlarmTopic', 'Trueup alarms');
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.failures = this.deadLetterQueue();
  }

  /**
   * A topic CloudWatch alarms or SES publish to. The AWS-managed SNS key cannot be used by either
   * service, and a customer-managed key costs more than the rest of a month's fixed cost; the
   * messages are alarm state changes and bounce notices with no subscriber storing them.
   */
  topic(id: string, displayName: string): sns.Topic {
    const topic = new sns.Topic(this, id, { displayName, enforceSSL: true });
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'CloudWatch alarms and SES cannot publish to a topic under the AWS-managed SNS key; the topic holds no data at rest (alarm state changes, bounce notices) and requires TLS in transit.',
    });
    return topic;
  }

  alarm(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, { alarmName: `${this.prefix}-${id}`, ...props });
    alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
    return alarm;
  }

  private deadLetterQueue(): sqs.Queue {
    const queue = new sqs.Queue(this, 'Failures', {
      queueName: `${this.prefix}-Failures`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue (Lambda on-failure destinations, EventBridge and Scheduler DLQs); its first message raises an alarm.',
    });
    return queue;
  }

  /**
   * The one alarm on failures: the dead-letter queue's first message, or any of `also` (e.g. the
   * collect state machine's failed executions, some of which never reach a catch), summed by
   * metric math so they cost one alarm. Called once, after everything that fails has been built.
   */
  alarmOnFailures(also: Record<string, cloudwatch.IMetric> = {}): cloudwatch.Alarm {
    const depth = this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' });
    const names = Object.keys(also);
    return this.alarm('FailuresDepth', {
      alarmDescription:
        'A Trueup stage failed for good (a collect, reconcile, notify or digest invocation after its retries, a collect execution, an event or a scheduled run that could not be delivered); the message in the Failures queue, or the collect state machine\'s failed execution, says which and why',
      metric:
        names.length === 0
          ? depth
          : new cloudwatch.MathExpression({ expression: ['FILL(depth, 0)', ...names.map((n) => `FILL(${n}, 0)`)].join(' + '), usingMetrics: { depth, ...also }, period: Duration.minutes(5), label: 'failures' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** For a function invoked synchronously, whose errors reach no dead-letter queue. */
  functionErrors(id: string, fn: lambda.IFunction): void {
    this.alarm(`${id}Errors`, {
      alarmDescription: `Trueup ${id} threw; see its log group`,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
