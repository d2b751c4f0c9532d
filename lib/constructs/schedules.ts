import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TrueupConfig } from '../../shared/config/schema';
import type { CollectInvocation, DeadlineInvocation } from '../../shared/events/scheduled';

export interface SchedulesProps {
  config: TrueupConfig;
  /** Started once per source and night: it decides between one invocation and partitions. */
  collect: sfn.IStateMachine;
  reconcile: lambda.IFunction;
  digest: lambda.IFunction;
  deadLetterQueue: sqs.IQueue;
}

/** Invocations Scheduler could not deliver are retried for up to an hour, then land in the DLQ. */
export const SCHEDULE_RETRY = { retryAttempts: 3, maxEventAge: Duration.hours(1) };

/**
 * The night, in the MSP's time zone: collect per source, a reconcile deadline, and the weekly
 * digest. Every source's collect starts the state machine, whose plan step picks one invocation
 * or partitions: a source's size is known only at run time (the last night's lists), and a
 * schedule per size would need a redeploy as the MSP grows.
 */
export class Schedules extends Construct {
  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const { config } = props;
    const timeZone = TimeZone.of(config.msp.timeZone);
    const group = new scheduler.ScheduleGroup(this, 'Group');
    // One role for every schedule, assumable by Scheduler for this account only.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'Trueup schedules: start collect, invoke reconcile and digest',
    });
    const invoke = (fn: lambda.IFunction, input: Record<string, unknown>) =>
      new targets.LambdaInvoke(fn, { ...SCHEDULE_RETRY, role, deadLetterQueue: props.deadLetterQueue, input: scheduler.ScheduleTargetInput.fromObject(input) });
    for (const fn of [props.reconcile, props.digest])
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
        reason: 'lambda:InvokeFunction on the function and its qualified ARNs (versions, aliases) of this one function, as the Scheduler target grant writes it.',
      });

    const nightly = minutesOf(config.schedule.nightlyAt);
    for (const source of config.sources)
      new scheduler.Schedule(this, `Collect-${source.id}`, {
        description: `Trueup: collect ${source.id} (${source.kind}) nightly`,
        scheduleGroup: group,
        schedule: scheduler.ScheduleExpression.cron({ ...cronAt(nightly), timeZone }),
        target: new targets.StepFunctionsStartExecution(props.collect, {
          ...SCHEDULE_RETRY,
          role,
          deadLetterQueue: props.deadLetterQueue,
          input: scheduler.ScheduleTargetInput.fromObject({ sourceId: source.id } satisfies CollectInvocation),
        }),
      });

    new scheduler.Schedule(this, 'ReconcileDeadline', {
      description: 'Trueup: reconcile with what has arrived; missing sources are marked stale',
      scheduleGroup: group,
      schedule: scheduler.ScheduleExpression.cron({ ...cronAt(nightly + config.schedule.reconcileDeadlineMinutes), timeZone }),
      target: invoke(props.reconcile, { deadline: true } satisfies DeadlineInvocation),
    });

    new scheduler.Schedule(this, 'WeeklyDigest', {
      description: 'Trueup: weekly leakage digest to the owner',
      scheduleGroup: group,
      schedule: scheduler.ScheduleExpression.cron({ ...cronAt(minutesOf(config.schedule.digestAt)), weekDay: config.schedule.digestDay, timeZone }),
      target: invoke(props.digest, {}),
    });
  }
}

function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Minutes past midnight, wrapping past midnight (config keeps the deadline under a day). */
function cronAt(minutes: number): { hour: string; minute: string } {
  const wrapped = minutes % (24 * 60);
  return { hour: String(Math.floor(wrapped / 60)), minute: String(wrapped % 60) };
}
