import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { entryKey } from '../domain/ledger';
import { SuppressionRule } from '../domain/suppression';
import { isConditionFailure, queryAll, type Table } from './table';
import { KEYS } from './keys';

/**
 * Suppression rules (shared/domain/suppression.ts), one small partition: one item per client and
 * line (`RULE#<client key>#<line key>`). A later rejection of the same line replaces the rule (it
 * covers a larger gap, or follows a revoke); a revoke is written once and names the rejection it
 * ends, so a revoke link from an older digest cannot end a newer rule.
 */

export const SUPPRESSIONS_PK = KEYS.suppressions.pk();

const key = (ruleKey: string) => ({ pk: SUPPRESSIONS_PK, sk: `RULE#${ruleKey}` });

export async function putSuppression(table: Table, rule: SuppressionRule): Promise<void> {
  await table.doc.send(new PutCommand({ TableName: table.name, Item: { ...key(entryKey(rule)), ...rule } }));
}

/** Every rule, active and revoked; strongly consistent, so a night honours a rejection made just before it. */
export async function listSuppressions(table: Table): Promise<SuppressionRule[]> {
  const items = await queryAll<Record<string, unknown>>(table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': SUPPRESSIONS_PK }, ConsistentRead: true });
  return items.map(({ pk: _pk, sk: _sk, ...rest }) => SuppressionRule.parse(rest));
}

export async function getSuppression(table: Table, ruleKey: string): Promise<SuppressionRule | null> {
  const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: key(ruleKey), ConsistentRead: true }));
  if (!out.Item) return null;
  const { pk: _pk, sk: _sk, ...rest } = out.Item;
  return SuppressionRule.parse(rest);
}

/** Active -> revoked, once, and only the rule made by that rejection: false when it was revoked or replaced already. */
export async function revokeSuppression(table: Table, ruleKey: string, rejectedAt: string, revokedBy: string, revokedAt: string): Promise<boolean> {
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key(ruleKey),
        UpdateExpression: 'SET revokedBy = :by, revokedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt) AND rejectedAt = :rejectedAt',
        ExpressionAttributeValues: { ':by': revokedBy, ':at': revokedAt, ':rejectedAt': rejectedAt },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
