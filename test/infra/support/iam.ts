import type { Template } from 'aws-cdk-lib/assertions';

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every statement of the identity policies attached to one role. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"Ref":"${roleLogicalId}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

export interface Request {
  action: string;
  /** Whether a statement's Resource element covers the resource asked about. */
  resource: (resource: unknown) => boolean;
  /** Condition keys of the request, e.g. { 'dynamodb:LeadingKeys': ['FINDINGS'] }. */
  context?: Record<string, string[]>;
}

/**
 * A small IAM evaluator for the statements CDK writes here: Allow only, action wildcards, and
 * the condition operators this app uses. An operator it does not know fails the test rather than
 * being read as "allowed".
 */
export function allows(statements: Statement[], req: Request): boolean {
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      toArray(s.Action).some((a) => glob(a).test(req.action)) &&
      toArray(s.Resource).some(req.resource) &&
      conditionsHold(s.Condition ?? {}, req.context ?? {}),
  );
}

function conditionsHold(conditions: Record<string, Record<string, unknown>>, context: Record<string, string[]>): boolean {
  return Object.entries(conditions).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const values = context[key];
      const patterns = toArray(expected).map(String);
      switch (operator) {
        case 'ForAllValues:StringLike':
          return (values ?? []).every((v) => patterns.some((p) => glob(p).test(v)));
        case 'StringEquals':
          return values !== undefined && values.every((v) => patterns.includes(v));
        case 'Null':
          return (values === undefined) === (patterns[0] === 'true');
        default:
          throw new Error(`the test evaluator does not know condition operator ${operator}`);
      }
    }),
  );
}

const toArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}
