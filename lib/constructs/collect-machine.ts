import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface CollectMachineProps {
  prefix: string;
  collect: lambda.IFunction;
  deadLetterQueue: sqs.IQueue;
  logRetentionDays: number;
  /** A night's collect ends well before the next night starts. */
  timeout: Duration;
}

/** Lambda timeouts and crashes: the worker is invoked again and goes on from its checkpoint. */
const RETRY_ANY: sfn.RetryProps = { errors: [sfn.Errors.ALL], interval: Duration.seconds(20), maxAttempts: 3, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL };

/**
 * One source's collect for one night, started by its nightly schedule: plan (the collect function
 * decides from the last night's list sizes, shared/connectors/partitions.ts), then either the one
 * invocation a small source needs, or a Map of partitions whose MaxConcurrency the plan derived
 * from the vendor's rate, each looping until its worker says done (a worker stops before its
 * time runs out and resumes from its checkpoint; a work partition that still fails is recorded as
 * such and only leaves the work set stale), then finish (snapshot, manifest,
 * SnapshotStored). Anything that fails after its retries is recorded as a failed source for
 * reconcile, sent to the dead-letter queue, and fails the execution.
 */
export class CollectMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: CollectMachineProps) {
    super(scope, id);
    const call = (name: string, payload: string, extra: Partial<tasks.LambdaInvokeJsonataProps> = {}) =>
      tasks.LambdaInvoke.jsonata(this, name, { lambdaFunction: props.collect, payload: sfn.TaskInput.fromText(payload), outputs: '{% $states.result.Payload %}', ...extra });

    const deadLetter = tasks.SqsSendMessage.jsonata(this, 'DeadLetter', {
      queue: props.deadLetterQueue,
      messageBody: sfn.TaskInput.fromText('{% $string({"stateMachine": $states.context.StateMachine.Name, "execution": $states.context.Execution.Id, "failure": $states.input}) %}'),
    }).next(new sfn.Fail(this, 'CollectFailed', { comment: 'Recorded as a failed source and sent to the dead-letter queue' }));
    // The manifest says the source failed tonight, so reconcile does not wait for the deadline.
    const recordFailure = call('RecordFailure', '{% $merge([$states.input, {"action": "fail"}]) %}', { outputs: '{% $states.input %}' });
    recordFailure.addRetry(RETRY_ANY);
    recordFailure.addCatch(deadLetter, { outputs: '{% $states.input %}' });
    recordFailure.next(deadLetter);
    const onFailure = {
      outputs: '{% $merge([{"sourceId": $states.input.sourceId, "error": $states.errorOutput}, $exists($states.input.runDate) ? {"runDate": $states.input.runDate} : {}]) %}',
    };

    const plan = call('Plan', '{% $merge([$states.input, {"action": "plan"}]) %}');
    const single = call('CollectWhole', '{% {"sourceId": $states.input.sourceId, "runDate": $states.input.runDate} %}');

    // One partition, invoked until done: a worker that stopped early goes on from its checkpoint.
    const worker = call('Partition', '{% $states.input %}', { outputs: '{% $states.input %}', assign: { done: '{% $states.result.Payload.done %}' } });
    worker.addRetry(RETRY_ANY);
    // A work partition that still fails only leaves the work set stale (finish stores the seats); a seat partition's failure fails the Map as before.
    const recordWorkFailure = call('RecordWorkPartitionFailure', '{% $merge([$states.input, {"action": "work-partition-failed"}]) %}', { outputs: '{% $states.input %}' });
    recordWorkFailure.addRetry(RETRY_ANY);
    const failedPartition = new sfn.Choice(this, 'WorkPartition?')
      .when(sfn.Condition.jsonata('{% $exists($states.input.partition.work) %}'), recordWorkFailure.next(new sfn.Succeed(this, 'WorkPartitionStale')))
      .otherwise(new sfn.Fail(this, 'PartitionFailed', { error: '{% $states.input.error.Error %}', cause: '{% $states.input.error.Cause %}' }));
    worker.addCatch(failedPartition, { outputs: '{% $merge([$states.input, {"error": $states.errorOutput}]) %}' });
    const partitionDone = new sfn.Choice(this, 'PartitionDone?').when(sfn.Condition.jsonata('{% $done %}'), new sfn.Succeed(this, 'PartitionStored')).otherwise(worker);
    const partitions = sfn.Map.jsonata(this, 'Partitions', {
      items: sfn.ProvideItems.jsonata('{% $states.input.partitions %}'),
      itemSelector: {
        action: 'partition',
        sourceId: '{% $states.input.sourceId %}',
        runDate: '{% $states.input.runDate %}',
        run: '{% $states.input.run %}',
        partition: '{% $states.context.Map.Item.Value %}',
      },
      jsonataMaxConcurrency: '{% $states.input.maxConcurrency %}',
      outputs: '{% $states.input %}',
    });
    partitions.itemProcessor(worker.next(partitionDone));
    const finish = call('Finish', '{% {"action": "finish", "sourceId": $states.input.sourceId, "runDate": $states.input.runDate, "run": $states.input.run, "partitions": $states.input.partitions} %}');

    // [I] Lambda reports a function that ran out of time as Sandbox.Timedout (older runtimes: Lambda.Unknown). Repeating
    // a whole pull that did not fit is futile: it fails at once, and the next night's plan, finding no sizes, partitions it.
    single.addRetry({ errors: ['Sandbox.Timedout', 'Lambda.Unknown'], maxAttempts: 0 });
    for (const step of [plan, single, finish]) step.addRetry(RETRY_ANY);
    for (const step of [plan, single, partitions, finish]) step.addCatch(recordFailure, onFailure);

    const definition = plan.next(
      new sfn.Choice(this, 'Partitioned?')
        .when(sfn.Condition.jsonata('{% $states.input.mode = "partitioned" %}'), partitions.next(finish))
        .when(sfn.Condition.jsonata('{% $states.input.mode = "single" %}'), single)
        // "failed": the plan could not read the head and recorded the source as failed, as one invocation would.
        .otherwise(new sfn.Succeed(this, 'RecordedAsFailed')),
    );

    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/trueup/${props.prefix}/collect-machine`,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `${props.prefix}-collect`,
      comment: 'Trueup: collect one source for one night, in partitions when it cannot finish in one invocation',
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: props.timeout,
      // Execution data stays out of the log: it is the vendor's records' plan, not needed to see what failed.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.acknowledge(props.collect);
  }

  /** Executions that failed or timed out without reaching the catch (which also writes to the dead-letter queue). */
  metricFailures(): Record<string, cloudwatch.IMetric> {
    const options = { period: Duration.minutes(5), statistic: 'Sum' };
    return { collectFailed: this.stateMachine.metricFailed(options), collectTimedOut: this.stateMachine.metricTimedOut(options) };
  }

  private acknowledge(collect: lambda.IFunction): void {
    const fnId = Stack.of(this).getLogicalId(collect.node.defaultChild as lambda.CfnFunction);
    Validations.of(this.stateMachine).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
        reason: 'lambda:InvokeFunction on the collect function and its qualified ARNs (versions, aliases) of this one function, as the Step Functions task grant writes it.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'CloudWatch Logs delivery for Step Functions (logs:CreateLogDelivery, logs:DescribeLogGroups and the rest) accepts only Resource "*", as AWS documents for vended logs.',
      },
      {
        id: 'AwsSolutions-SF2',
        reason: 'No X-Ray: the functions are not traced either; each step is logged (level ALL, without execution data) and failures alarm through the dead-letter queue and the failed-execution metric.',
      },
    );
  }
}
