import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { VENDORS } from '../shared/connectors/vendors';
import { fanOutOf } from '../shared/connectors/partitions';
import type { TrueupConfig } from '../shared/config/schema';
import type { DeploymentPlan, FunctionName } from './config';
import { Mail } from './constructs/mail';
import { Monitoring } from './constructs/monitoring';
import { CollectMachine } from './constructs/collect-machine';
import { Schedules } from './constructs/schedules';
import { TrueupFunction, type FunctionCode } from './constructs/trueup-function';
import type { PlannedSecret } from './secret-plan';
import { TABLE_ACCESS } from './table-access';

export interface StatelessStackProps extends StackProps {
  plan: DeploymentPlan;
  table: dynamodb.ITable;
  secrets: ReadonlyMap<string, secretsmanager.ISecret>;
  plannedSecrets: readonly PlannedSecret[];
  code: FunctionCode;
}

/**
 * Lambda's own retries of an asynchronous invocation (schedules, events). Bounded lifetimes are
 * the guard that holds even without reserved concurrency: every attempt of a night ends hours
 * before the next night starts.
 */
export const ASYNC_RETRY = { retryAttempts: 2, maxEventAge: Duration.hours(2) };

const DESCRIPTIONS: Record<FunctionName, string> = {
  collect: 'Trueup: pull one source and store its snapshot',
  reconcile: 'Trueup: reconcile the night into findings, renewals and proposals',
  notify: 'Trueup: renewal alerts and the finance approval batch',
  digest: 'Trueup: weekly leakage digest for the owner',
  approval: 'Trueup: approval links (GET shows, POST decides)',
};

/** Everything that can be replaced by a redeploy: functions, schedules, events, endpoint, alarms. */
export class StatelessStack extends Stack {
  readonly functions: Record<FunctionName, TrueupFunction>;
  readonly monitoring: Monitoring;
  readonly collectMachine: CollectMachine;
  readonly approvalUrl: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { plan } = props;
    const monitoring = (this.monitoring = new Monitoring(this, 'Monitoring', { prefix: plan.stackPrefix, ...(plan.alarmEmail ? { alarmEmail: plan.alarmEmail } : {}) }));
    const bus = new events.EventBus(this, 'Bus', { description: 'Trueup: one night, stage to stage' });
    const mail = new Mail(this, 'Mail', {
      monitoring,
      configurationSetName: plan.configurationSetName,
      sesIdentity: plan.sesIdentity,
      fromAddress: plan.config.recipients.from,
    });

    const make = (name: FunctionName, reserved: number, environment: Record<string, string> = {}) => {
      const fn = new TrueupFunction(this, name.charAt(0).toUpperCase() + name.slice(1), {
        name,
        prefix: plan.stackPrefix,
        description: DESCRIPTIONS[name],
        settings: plan.functions[name],
        logRetentionDays: plan.logRetentionDays,
        ...(plan.reservedConcurrency ? { reservedConcurrency: reserved } : {}),
        environment: { TRUEUP_EVENT_BUS_NAME: bus.eventBusName, ...environment },
        code: props.code,
      });
      fn.bindTable(props.table, TABLE_ACCESS[name]);
      fn.readSecrets(props.plannedSecrets.filter((s) => s.readers.includes(name)).map((s) => props.secrets.get(s.name)!));
      return fn;
    };

    // Reserved concurrency is the endpoint's throttle: requests beyond it get 429.
    const approval = make('approval', plan.approvalMaxConcurrency);
    // Invoked synchronously: its errors reach no dead-letter queue, so they alarm directly.
    monitoring.functionErrors(approval.node.id, approval.function);
    // Public on purpose: the signed, expiring, single-use token in the link is the authorization.
    this.approvalUrl = approval.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE, invokeMode: lambda.InvokeMode.BUFFERED });
    // The URL ends in "/"; links are built as <baseUrl>/<path>, so keep only scheme and host.
    const approvalBaseUrl = Fn.join('', ['https://', Fn.select(2, Fn.split('/', this.approvalUrl.url))]);

    const functions = (this.functions = {
      // One concurrent invocation per source, plus the most partitions each source that can split may run at once.
      collect: make('collect', collectConcurrency(plan.config)),
      // One at a time: the SnapshotStored events of one night queue up behind each other.
      reconcile: make('reconcile', 1),
      notify: make('notify', 1, { TRUEUP_APPROVAL_BASE_URL: approvalBaseUrl }),
      digest: make('digest', 1, { TRUEUP_APPROVAL_BASE_URL: approvalBaseUrl }),
      approval,
    });
    bus.grantPutEventsTo(functions.collect.role);
    bus.grantPutEventsTo(functions.reconcile.role);
    mail.grantSend(functions.notify.role);
    mail.grantSend(functions.digest.role);

    for (const name of ['collect', 'reconcile', 'notify', 'digest'] as const) {
      const fn = functions[name];
      fn.function.configureAsyncInvoke({
        ...ASYNC_RETRY,
        onFailure: new destinations.SqsDestination(monitoring.failures),
      });
    }

    const route = (id: string, detailType: string, target: TrueupFunction) =>
      new events.Rule(this, id, {
        eventBus: bus,
        description: `Trueup: ${detailType} -> ${target.node.id}`,
        eventPattern: { source: ['trueup'], detailType: [detailType] },
        targets: [new eventTargets.LambdaFunction(target.function, { ...ASYNC_RETRY, deadLetterQueue: monitoring.failures })],
      });
    route('SnapshotStoredRule', 'SnapshotStored', functions.reconcile);
    route('FindingsUpdatedRule', 'FindingsUpdated', functions.notify);

    // A night's collect ends before the reconcile deadline's invocation has finished, and long before the next night.
    const collectMachine = (this.collectMachine = new CollectMachine(this, 'CollectMachine', {
      prefix: plan.stackPrefix,
      collect: functions.collect.function,
      deadLetterQueue: monitoring.failures,
      logRetentionDays: plan.logRetentionDays,
      timeout: Duration.minutes(plan.config.schedule.reconcileDeadlineMinutes + plan.functions.reconcile.timeoutSeconds / 60),
    }));
    monitoring.alarmOnFailures(collectMachine.metricFailures());

    new Schedules(this, 'Schedules', {
      config: plan.config,
      collect: collectMachine.stateMachine,
      reconcile: functions.reconcile.function,
      digest: functions.digest.function,
      deadLetterQueue: monitoring.failures,
    });

    // A night counts once reconcile says so; silence (a missing datapoint) is a failure, not a quiet night.
    const windowHours = 24 + Math.ceil((plan.config.schedule.reconcileDeadlineMinutes + plan.functions.reconcile.timeoutSeconds / 60) / 60);
    monitoring.alarm('NightNotCompleted', {
      alarmDescription: `Trueup: no night completed in the last ${windowHours} hours; check the collect and reconcile logs`,
      metric: new cloudwatch.Metric({
        namespace: 'Trueup',
        metricName: 'NightCompleted',
        // Powertools Metrics adds a service dimension; shared/app/observability.ts names it "trueup" in every function.
        dimensionsMap: { service: 'trueup' },
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: windowHours,
      datapointsToAlarm: windowHours,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    // Chat posts never fail a function (the emails must go out), so their failures alarm from a metric instead.
    if (plan.config.alerts.length > 0)
      monitoring.alarm('AlertPostsFailed', {
        alarmDescription: 'Trueup: a Teams or Slack alert post failed after its retries; the notify or digest log names the channel (check its webhook URL secret)',
        metric: new cloudwatch.Metric({ namespace: 'Trueup', metricName: 'AlertPostsFailed', dimensionsMap: { service: 'trueup' }, statistic: 'Sum', period: Duration.hours(1) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });

    new CfnOutput(this, 'ApprovalBaseUrl', { value: approvalBaseUrl });
    new CfnOutput(this, 'CollectFunctionName', { value: functions.collect.function.functionName });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.alarmTopic.topicArn });
  }
}

/** Collect invocations a night may run at once: one per source, and each splitting source's most partitions at once (fanOut.maxConcurrency). */
export function collectConcurrency(config: TrueupConfig): number {
  return config.sources.reduce((n, s) => n + 1 + (VENDORS[s.kind].partitions ? fanOutOf(s).maxConcurrency : 0), 0);
}
