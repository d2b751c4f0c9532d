import { describe, expect, it } from 'vitest';
import { allows, statementsOfRole } from './support/iam';
import { logicalId, synthTrueup } from './support/synth';

const { stateless, statelessTemplate: template } = synthTrueup();
const machineId = logicalId(stateless, stateless.collectMachine.stateMachine);
const machine = template.findResources('AWS::StepFunctions::StateMachine')[machineId]!.Properties;
const collectId = logicalId(stateless, stateless.functions.collect.function);
const [queueId] = Object.keys(template.findResources('AWS::SQS::Queue'));

type State = Record<string, unknown> & { Type: string; Next?: string; Catch?: Array<{ Next: string; ErrorEquals: string[] }>; Retry?: Array<{ ErrorEquals: string[]; MaxAttempts: number }> };
/** The definition with every CloudFormation reference replaced by the logical id it names. */
const definition = JSON.parse(
  (machine.DefinitionString['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : JSON.stringify(p).replace(/"/g, "'"))).join(''),
) as { StartAt: string; States: Record<string, State>; TimeoutSeconds: number; QueryLanguage: string };
const states = definition.States;
const map = states.Partitions as State & { ItemProcessor: { StartAt: string; States: Record<string, State> } };
const inner = map.ItemProcessor.States;

describe('the collect state machine', () => {
  it('is a standard JSONata workflow that plans, then runs one invocation or the partitions, then finishes', () => {
    expect(machine.StateMachineType).toBe('STANDARD');
    expect(definition.QueryLanguage).toBe('JSONata');
    expect(definition.StartAt).toBe('Plan');
    expect(states.Plan!.Next).toBe('Partitioned?');
    const choices = (states['Partitioned?'] as State & { Choices: Array<{ Condition: string; Next: string }>; Default: string }).Choices;
    expect(choices.map((c) => c.Next)).toEqual(['Partitions', 'CollectWhole']);
    expect(map.Next).toBe('Finish');
    // A night's collect gives up at the reconcile deadline plus the reconcile's timeout (150 + 10 minutes in the test config).
    expect(definition.TimeoutSeconds).toBe((150 + 10) * 60);
  });

  it('runs the partitions in an inline Map at the concurrency the plan derived from the vendor rate, each invoked again until it says done', () => {
    expect(map.Type).toBe('Map');
    expect(map.Items).toBe('{% $states.input.partitions %}');
    expect(map.MaxConcurrency).toBe('{% $states.input.maxConcurrency %}');
    expect(map.ItemSelector).toMatchObject({ action: 'partition', partition: '{% $states.context.Map.Item.Value %}' });
    expect(inner.Partition).toMatchObject({ Type: 'Task', Next: 'PartitionDone?', Assign: { done: '{% $states.result.Payload.done %}' } });
    expect(inner['PartitionDone?']).toMatchObject({ Choices: [{ Condition: '{% $done %}', Next: 'PartitionStored' }], Default: 'Partition' });
  });

  it("records a work partition that still fails after its retries and goes on (the work set goes stale, the seats are stored); a seat partition's failure fails the Map", () => {
    expect(inner.Partition!.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'WorkPartition?' })]);
    const choice = inner['WorkPartition?'] as State & { Choices: Array<{ Condition: string; Next: string }>; Default: string };
    expect(choice.Choices).toEqual([{ Condition: '{% $exists($states.input.partition.work) %}', Next: 'RecordWorkPartitionFailure' }]);
    expect(inner.RecordWorkPartitionFailure).toMatchObject({ Type: 'Task', Next: 'WorkPartitionStale' });
    expect(JSON.stringify(inner.RecordWorkPartitionFailure)).toContain('work-partition-failed');
    expect(inner.RecordWorkPartitionFailure!.Retry).toContainEqual(expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }));
    expect(inner.WorkPartitionStale!.Type).toBe('Succeed');
    // The seat partition fails with the error it met, which the Map's catch records as the source's failure.
    expect(inner[choice.Default]).toMatchObject({ Type: 'Fail', Error: '{% $states.input.error.Error %}', Cause: '{% $states.input.error.Cause %}' });
  });

  it('retries every Lambda step, timeouts included, and catches what still fails into a recorded failure, the dead-letter queue and a failed execution', () => {
    for (const s of [states.Plan!, states.CollectWhole!, states.Finish!, inner.Partition!, states.RecordFailure!])
      expect(s.Retry).toContainEqual(expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }));
    // A whole pull that ran out of time is not repeated: the next night partitions it.
    expect(states.CollectWhole!.Retry![1]).toMatchObject({ ErrorEquals: ['Sandbox.Timedout', 'Lambda.Unknown'], MaxAttempts: 0 });
    for (const name of ['Plan', 'CollectWhole', 'Partitions', 'Finish']) expect(states[name]!.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'RecordFailure' })]);
    expect(states.RecordFailure!.Next).toBe('DeadLetter');
    expect(states.RecordFailure!.Catch).toEqual([expect.objectContaining({ Next: 'DeadLetter' })]);
    expect(states.DeadLetter).toMatchObject({ Resource: expect.stringContaining(':states:::sqs:sendMessage'), Next: 'CollectFailed' });
    expect(JSON.stringify(states.DeadLetter)).toContain(queueId);
    expect(states.CollectFailed!.Type).toBe('Fail');
  });

  it('logs every step without execution data, to its own log group', () => {
    expect(machine.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
  });

  it('may invoke only the collect function and send only to the dead-letter queue', () => {
    const statements = statementsOfRole(template, logicalId(stateless, stateless.collectMachine.stateMachine.role));
    const isCollect = (r: unknown) => JSON.stringify(r).includes(collectId);
    const isQueue = (r: unknown) => JSON.stringify(r).includes(queueId!);
    expect(allows(statements, { action: 'lambda:InvokeFunction', resource: isCollect })).toBe(true);
    for (const other of ['Reconcile', 'Notify', 'Digest', 'Approval'])
      expect(allows(statements, { action: 'lambda:InvokeFunction', resource: (r) => JSON.stringify(r).includes(other) })).toBe(false);
    expect(allows(statements, { action: 'sqs:SendMessage', resource: isQueue })).toBe(true);
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => /dynamodb|secretsmanager|ses:/.test(a))).toEqual([]);
  });
});
