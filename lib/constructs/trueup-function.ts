import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { FunctionName, FunctionSettings } from '../config';
import { READ_ACTIONS, WRITE_ACTIONS, leadingKeysCondition, type TableAccess } from '../table-access';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the bundled config sits inside every function (shared/config/runtime.ts reads it). */
export const BUNDLED_CONFIG_PATH = '/var/task/trueup.config.json';

/**
 * How the code gets into the function: bundled with esbuild (every real synth), or an inline
 * stand-in so infra tests need neither esbuild nor the handlers.
 */
export type FunctionCode = { kind: 'bundle'; runtimeConfigFile: string } | { kind: 'inline' };

export interface TrueupFunctionProps {
  name: FunctionName;
  /** deployment.stackPrefix: names the function <prefix>-<name> and its logs /trueup/<prefix>/<name>. */
  prefix: string;
  description: string;
  settings: FunctionSettings;
  logRetentionDays: number;
  /** Absent: no reservation (deployment.reservedConcurrency false). */
  reservedConcurrency?: number;
  environment: Record<string, string>;
  code: FunctionCode;
}

/** One Lambda with its own role, log group and Powertools settings; grants are added per job. */
export class TrueupFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: TrueupFunctionProps) {
    super(scope, id);
    this.serviceName = `trueup-${props.name}`;
    // Our own role rather than the default one, which carries the AWS-managed logging policy for every log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Trueup ${props.name}: only what its job needs`,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/trueup/${props.prefix}/${props.name}`,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(this.role);

    const options = {
      // Fixed names so the deploy guide's commands work as written.
      functionName: `${props.prefix}-${props.name}`,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.settings.memoryMb,
      timeout: Duration.seconds(props.settings.timeoutSeconds),
      role: this.role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrency }),
      environment: {
        ...props.environment,
        TRUEUP_CONFIG_FILE: BUNDLED_CONFIG_PATH,
        POWERTOOLS_SERVICE_NAME: this.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'Trueup',
        NODE_OPTIONS: '--enable-source-maps',
      },
    };
    this.function =
      props.code.kind === 'bundle'
        ? new NodejsFunction(this, 'Function', { ...options, ...bundled(props.name, props.code.runtimeConfigFile) })
        : new lambda.Function(this, 'Function', {
            ...options,
            handler: 'index.handler',
            code: lambda.Code.fromInline('exports.handler = async () => { throw new Error("inline stand-in for infra tests"); };'),
          });
  }

  /** Item-level access by partition-key prefix, plus the table name in the environment. */
  bindTable(table: dynamodb.ITable, access: TableAccess): void {
    this.function.addEnvironment('TRUEUP_TABLE_NAME', table.tableName);
    const statement = (actions: string[], patterns: readonly string[]) =>
      new iam.PolicyStatement({ actions, resources: [table.tableArn], conditions: leadingKeysCondition(patterns) });
    if (access.read.length > 0) this.role.addToPrincipalPolicy(statement(READ_ACTIONS, access.read));
    if (access.write.length > 0) this.role.addToPrincipalPolicy(statement(WRITE_ACTIONS, access.write));
    if (access.index)
      // [I] Index queries are scoped by resource, not LeadingKeys: gsi1 holds only proposals and renewal alerts.
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/gsi1`] }));
  }

  readSecrets(secrets: readonly secretsmanager.ISecret[]): void {
    for (const secret of secrets) secret.grantRead(this.role);
  }
}

/** How every handler is bundled (esbuild through NodejsFunction); bench:bundles builds with the same. */
export const BUNDLE = {
  target: 'node24',
  mainFields: ['module', 'main'],
  // Some dependencies still require() Node built-ins; ESM output needs a require to give them.
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  minify: true,
} as const;

export const handlerEntry = (name: FunctionName): string => path.join(REPO_ROOT, 'functions', name, 'handler.ts');

function bundled(name: FunctionName, runtimeConfigFile: string) {
  const copy = process.platform === 'win32' ? 'copy' : 'cp';
  return {
    entry: handlerEntry(name),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    bundling: {
      forceDockerBundling: false,
      format: OutputFormat.ESM,
      target: BUNDLE.target,
      mainFields: [...BUNDLE.mainFields],
      banner: BUNDLE.banner,
      // Ship the SDK versions the tests ran against, not whatever the runtime carries.
      bundleAwsSDK: true,
      minify: BUNDLE.minify,
      sourceMap: true,
      sourcesContent: false,
      commandHooks: {
        beforeInstall: () => [],
        beforeBundling: () => [],
        afterBundling: (_inputDir: string, outputDir: string) => [`${copy} "${runtimeConfigFile}" "${path.join(outputDir, 'trueup.config.json')}"`],
      },
    },
  };
}
