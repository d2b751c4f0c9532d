import { ConfigError, loadConfigFile, parseConfig } from '../shared/config/load';
import { SecretRef } from '../shared/config/source-common';
import { TrueupConfig } from '../shared/config/schema';

export const FUNCTION_NAMES = ['collect', 'reconcile', 'notify', 'digest', 'approval'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface FunctionSettings {
  memoryMb: number;
  timeoutSeconds: number;
}

/** Sized for a 100-1,000 client MSP; deployment.functions overrides any of them. */
export const DEFAULT_FUNCTION_SETTINGS: Record<FunctionName, FunctionSettings> = {
  // One whole vendor source per invocation; vendors page slowly at night, so the full 15 minutes.
  collect: { memoryMb: 1024, timeoutSeconds: 900 },
  // 1,769 MB is one full vCPU: matching and recipes are CPU-bound over every snapshot.
  reconcile: { memoryMb: 1769, timeoutSeconds: 600 },
  notify: { memoryMb: 512, timeoutSeconds: 300 },
  digest: { memoryMb: 512, timeoutSeconds: 120 },
  // A person waits on the page, PSA write-back included.
  approval: { memoryMb: 512, timeoutSeconds: 30 },
};

/** Everything the stacks need, resolved once from the validated config. */
export interface DeploymentPlan {
  config: TrueupConfig;
  stackPrefix: string;
  region: string;
  alarmEmail?: string;
  logRetentionDays: number;
  sesIdentity: string;
  configurationSetName: string;
  reservedConcurrency: boolean;
  approvalMaxConcurrency: number;
  functions: Record<FunctionName, FunctionSettings>;
}

export async function loadDeploymentPlan(path: string): Promise<DeploymentPlan> {
  return planDeployment(await loadConfigFile(path), path);
}

/** Validates a raw config (a bad one throws ConfigError naming the field) and resolves the deployment settings. */
export function planDeploymentFromRaw(raw: unknown, origin = 'config'): DeploymentPlan {
  return planDeployment(parseConfig(raw, origin), origin);
}

export function planDeployment(config: TrueupConfig, origin = 'config'): DeploymentPlan {
  // Reading the defaults through the schema keeps one source of truth for them.
  const deployment = config.deployment ?? TrueupConfig.shape.deployment.unwrap().parse({});
  const functions = Object.fromEntries(
    FUNCTION_NAMES.map((name) => [name, { ...DEFAULT_FUNCTION_SETTINGS[name], ...stripUndefined(deployment.functions[name] ?? {}) }]),
  ) as Record<FunctionName, FunctionSettings>;
  const problems = deployProblems(config, functions);
  if (problems.length > 0) throw new ConfigError(`${origin} cannot be deployed:\n${problems.join('\n')}`);
  return {
    config,
    stackPrefix: deployment.stackPrefix,
    region: config.storage.region,
    ...(deployment.alarmEmail ? { alarmEmail: deployment.alarmEmail } : {}),
    logRetentionDays: deployment.logRetentionDays,
    sesIdentity: deployment.sesIdentity ?? config.recipients.from.slice(config.recipients.from.indexOf('@') + 1),
    configurationSetName: config.mail.configurationSet ?? `${deployment.stackPrefix.toLowerCase()}-mail`,
    reservedConcurrency: deployment.reservedConcurrency,
    approvalMaxConcurrency: deployment.approvalEndpoint.maxConcurrency,
    functions,
  };
}

/**
 * The config file every function bundle carries: the validated config with what only the
 * deployment knows filled in. Table name and approval URL come from the environment instead
 * (shared/config/runtime.ts), since CloudFormation decides them.
 */
export function runtimeConfig(plan: DeploymentPlan): TrueupConfig {
  return { ...plan.config, mail: { ...plan.config.mail, configurationSet: plan.configurationSetName } };
}

/** Settings that are valid for a laptop run but cannot work inside Lambda. */
function deployProblems(config: TrueupConfig, functions: Record<FunctionName, FunctionSettings>): string[] {
  const problems: string[] = [];
  // The deadline reconcile must finish before the next night starts, or two nights overlap.
  const latestDeadline = 24 * 60 - Math.ceil(functions.reconcile.timeoutSeconds / 60);
  if (config.schedule.reconcileDeadlineMinutes >= latestDeadline)
    problems.push(`schedule.reconcileDeadlineMinutes: must be below ${latestDeadline}, so the deadline reconcile ends before the next night starts`);
  if (config.storage.endpoint) problems.push('storage.endpoint: only for the local stand-ins; remove it to deploy to AWS');
  if (config.mail.endpoint) problems.push('mail.endpoint: only for the local stand-ins; remove it to deploy to AWS');
  if (config.mail.region !== config.storage.region)
    problems.push(
      `mail.region: must equal storage.region ("${config.storage.region}"), the region the stacks deploy to and create the SES configuration set in`,
    );
  for (const { path, ref } of secretRefsOf(config))
    if ('env' in ref) problems.push(`${path}: use {"secret": "<name>"} when deploying; the functions have no environment variable ${ref.env}`);
  return problems;
}

export interface LocatedSecretRef {
  /** Where the ref sits in the config, e.g. sources[0].publicKey. */
  path: string;
  ref: SecretRef;
  /** The source it belongs to; absent for the link-signing keys and the alert webhooks. */
  sourceIndex?: number;
  /** Set for a chat webhook URL (config.alerts): only notify and digest post to it. */
  alertChannel?: string;
}

/** Every credential reference in the config, wherever it sits. */
export function secretRefsOf(config: TrueupConfig): LocatedSecretRef[] {
  const found: LocatedSecretRef[] = [];
  config.sources.forEach((source, sourceIndex) => {
    for (const [key, value] of Object.entries(source)) {
      const ref = SecretRef.safeParse(value);
      if (ref.success) found.push({ path: `sources[${sourceIndex}].${key}`, ref: ref.data, sourceIndex });
    }
  });
  found.push({ path: 'approvals.signingKey', ref: config.approvals.signingKey });
  for (const [keyId, ref] of Object.entries(config.approvals.previousKeys)) found.push({ path: `approvals.previousKeys.${keyId}`, ref });
  config.alerts.forEach((a, i) => found.push({ path: `alerts[${i}].webhookUrl`, ref: a.webhookUrl, alertChannel: a.id }));
  return found;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
