import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_NAMES, type FunctionName } from '../../lib/config';
import { TABLE_ACCESS } from '../../lib/table-access';
import { KEYS } from '../../shared/store/keys';
import { allows, statementsOfRole, type Statement } from './support/iam';
import { logicalId, synthTrueup } from './support/synth';

const { stateful, stateless, statelessTemplate: template } = synthTrueup();
const tableId = logicalId(stateful, stateful.table);
const statements = (name: FunctionName): Statement[] => statementsOfRole(template, logicalId(stateless, stateless.functions[name].role));

const isTable = (r: unknown) => JSON.stringify(r).includes(`GetAtt${tableId}Arn`) && !JSON.stringify(r).includes('/index/');
const isIndex = (r: unknown) => JSON.stringify(r).includes(`GetAtt${tableId}Arn`) && JSON.stringify(r).includes('/index/gsi1');
const onItem = (name: FunctionName, action: string, pk: string) =>
  allows(statements(name), { action: `dynamodb:${action}`, resource: isTable, context: { 'dynamodb:LeadingKeys': [pk] } });
const canRead = (name: FunctionName, pk: string) => onItem(name, 'GetItem', pk) && onItem(name, 'Query', pk);
const canWrite = (name: FunctionName, pk: string) => onItem(name, 'PutItem', pk) && onItem(name, 'UpdateItem', pk);

describe('table items, by partition key', () => {
  it('collect writes run manifests and snapshots, reads them back (the last work set), first-seen dates and its own partitions', () => {
    expect(canWrite('collect', 'RUN#2026-11-23')).toBe(true);
    expect(canWrite('collect', 'SNAP#cw#2026-11-23')).toBe(true);
    for (const pk of ['RUN#2026-11-22', KEYS.firstSeen.pk('ninja'), KEYS.part.pk('cw', '2026-11-23')]) expect(canRead('collect', pk)).toBe(true);
    for (const pk of [KEYS.firstSeen.pk('ninja'), KEYS.part.pk('cw', '2026-11-23'), KEYS.rate.pk('cw')]) expect(canWrite('collect', pk)).toBe(true);
    // The token bucket is written, never read back: each UpdateItem returns what it set.
    expect(onItem('collect', 'GetItem', KEYS.rate.pk('cw'))).toBe(false);
    expect(onItem('collect', 'GetItem', 'FINDINGS')).toBe(false);
    expect(onItem('collect', 'Query', 'SNAP#cw#2026-11-22')).toBe(true);
    expect(onItem('collect', 'Query', 'TRUEUP#x')).toBe(false);
    expect(canWrite('collect', 'FINDINGS')).toBe(false);
  });

  it('reconcile reads the night and writes findings, proposals, renewals, history and match suggestions, and audits only what it settles, never mail', () => {
    for (const pk of ['RUN#2026-11-23', 'SNAP#ninja#2026-11-23', 'FINDINGS', 'TREND#cw:250', 'TRUEUP#p1', 'MATCHES', 'SUPPRESSIONS']) expect(canRead('reconcile', pk)).toBe(true);
    // Write-off rules are made and revoked from links only.
    expect(canWrite('reconcile', 'SUPPRESSIONS')).toBe(false);
    for (const pk of ['RUN#2026-11-23', 'FINDINGS', 'TRUEUP#p1', 'RENEWAL#cw:250', 'LEDGER-HISTORY', 'TREND#cw:250', 'AUDIT#2026-11', 'MATCHES', KEYS.mrr.pk()]) expect(canWrite('reconcile', pk)).toBe(true);
    // Client health per night, read back for its trend, and the night's QBR packs.
    expect(canRead('reconcile', 'HEALTH#cw:250')).toBe(true);
    for (const pk of ['HEALTH#cw:250', 'QBR#cw:250']) expect(canWrite('reconcile', pk)).toBe(true);
    expect(canWrite('reconcile', 'SNAP#cw#2026-11-23')).toBe(false);
    expect(canWrite('reconcile', 'MAIL#digest#owner@fabrikam-it.example')).toBe(false);
    expect(canRead('reconcile', 'AUDIT#2026-11')).toBe(false);
  });

  it('notify reads what reconcile left by key, records what it mailed and marks renewals sent, but cannot change the ledger, proposals or audit trail', () => {
    for (const pk of ['RUN#2026-11-23', 'TRUEUP#p1', 'RENEWAL#cw:250']) expect(canRead('notify', pk)).toBe(true);
    expect(canRead('notify', 'MAIL#finance#billing@fabrikam-it.example')).toBe(true);
    expect(canWrite('notify', 'MAIL#renewal#vcio@fabrikam-it.example')).toBe(true);
    expect(onItem('notify', 'UpdateItem', 'RENEWAL#cw:250')).toBe(true);
    expect(canRead('notify', 'FINDINGS')).toBe(true);
    expect(canWrite('notify', 'FINDINGS')).toBe(false);
    expect(canWrite('notify', 'TRUEUP#p1')).toBe(false);
    expect(canRead('notify', 'AUDIT#2026-11')).toBe(false);
    expect(canRead('notify', 'SNAP#cw#2026-11-23')).toBe(false);
  });

  it('digest reads the ledger, history, audit and run manifests, never snapshot bodies, and writes only its mail record', () => {
    for (const pk of ['RUN#2026-11-23', 'FINDINGS', 'LEDGER-HISTORY', 'AUDIT#2026-11', 'MAIL#digest#owner@fabrikam-it.example', 'TRUEUP#p1', 'MATCHES', 'SUPPRESSIONS']) expect(canRead('digest', pk)).toBe(true);
    // The month's revenue, in the first issue of each month; MRR is written by reconcile only.
    expect(canRead('digest', KEYS.mrr.pk())).toBe(true);
    expect(canWrite('digest', KEYS.mrr.pk())).toBe(false);
    expect(canWrite('digest', 'SUPPRESSIONS')).toBe(false);
    expect(canWrite('digest', 'TRUEUP#p1')).toBe(false);
    expect(canWrite('digest', 'MATCHES')).toBe(false);
    expect(canRead('digest', 'SNAP#cw#2026-11-23')).toBe(false);
    expect(canWrite('digest', 'MAIL#digest#owner@fabrikam-it.example')).toBe(true);
    expect(canWrite('digest', 'FINDINGS')).toBe(false);
  });

  it('approval decides proposals and match suggestions, writes and revokes write-off rules, updates the ledger and audits, nothing else', () => {
    for (const pk of ['TRUEUP#p1', 'MATCHES', 'SUPPRESSIONS']) expect(canRead('approval', pk)).toBe(true);
    // What a client batch link's email listed.
    expect(canRead('approval', 'MAIL#finance#billing@fabrikam-it.example')).toBe(true);
    for (const pk of ['TRUEUP#p1', 'FINDINGS', 'AUDIT#2026-11', 'MATCHES', 'SUPPRESSIONS']) expect(canWrite('approval', pk)).toBe(true);
    // QBR pack links are read-only.
    expect(canRead('approval', 'QBR#cw:250')).toBe(true);
    expect(canWrite('approval', 'QBR#cw:250')).toBe(false);
    expect(canRead('approval', 'HEALTH#cw:250')).toBe(false);
    expect(canRead('approval', 'SNAP#cw#2026-11-23')).toBe(false);
    expect(canWrite('approval', 'RUN#2026-11-23')).toBe(false);
    expect(canWrite('approval', 'MAIL#finance#billing@fabrikam-it.example')).toBe(false);
  });

  it('labor findings: reconcile files them, notify and digest read them, approval decides them, collect never touches them', () => {
    const pk = KEYS.labor.pk();
    expect(canRead('reconcile', pk) && canWrite('reconcile', pk)).toBe(true);
    expect(canRead('notify', pk) && canRead('digest', pk)).toBe(true);
    expect(canWrite('notify', pk) || canWrite('digest', pk)).toBe(false);
    expect(canRead('approval', pk) && canWrite('approval', pk)).toBe(true);
    expect(canRead('collect', pk) || canWrite('collect', pk)).toBe(false);
  });

  it('grants every family of keys the store builds to some function, so none is refused in AWS unnoticed', () => {
    for (const [family, k] of Object.entries(KEYS)) {
      const granted = FUNCTION_NAMES.filter((n) => [...TABLE_ACCESS[n].read, ...TABLE_ACCESS[n].write].includes(k.pattern));
      expect(granted, family).not.toEqual([]);
    }
  });

  it('builds every partition key in shared/ through shared/store/keys.ts, whose patterns IAM grants', () => {
    const files = readdirSync('shared', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && f !== join('store', 'keys.ts'));
    const spelled = files.flatMap((f) => (readFileSync(join('shared', f), 'utf8').match(/(\bpk|':pk'): *['`][A-Z]/g) ?? []).map((m) => `${f}: ${m}`));
    expect(spelled).toEqual([]);
    // The same check finds a key spelled by hand.
    expect("Key: { pk: `RUN#${runDate}` }".match(/(\bpk|':pk'): *['`][A-Z]/g)).toHaveLength(1);
  });

  it('refuses a batch that mixes an allowed key with a forbidden one', () => {
    const batch = { action: 'dynamodb:BatchWriteItem', resource: isTable, context: { 'dynamodb:LeadingKeys': ['SNAP#cw#2026-11-23', 'FINDINGS'] } };
    expect(allows(statements('collect'), batch)).toBe(false);
  });

  it('never allows Scan, which carries no partition key to check', () => {
    for (const name of FUNCTION_NAMES) expect(allows(statements(name), { action: 'dynamodb:Scan', resource: () => true, context: {} })).toBe(false);
  });

  it('queries gsi1 only for a client batch link, never right after a write (the index lags)', () => {
    const queriesIndex = (name: FunctionName) => allows(statements(name), { action: 'dynamodb:Query', resource: isIndex });
    expect(FUNCTION_NAMES.filter(queriesIndex)).toEqual(['approval']);
  });
});

describe('email', () => {
  const send = (name: FunctionName, from: string) =>
    allows(statements(name), {
      action: 'ses:SendEmail',
      resource: (r) => JSON.stringify(r).includes(':identity/fabrikam-it.example'),
      context: { 'ses:FromAddress': [from] },
    });

  it('only notify and digest may send, as the configured identity and From address', () => {
    expect(FUNCTION_NAMES.filter((n) => send(n, 'trueup@fabrikam-it.example'))).toEqual(['notify', 'digest']);
    expect(send('notify', 'ceo@fabrikam-it.example')).toBe(false);
  });

  it('names no other identity', () => {
    for (const name of FUNCTION_NAMES) {
      const sesResources = statements(name)
        .filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:')))
        .flatMap((s) => [s.Resource].flat().map((r) => JSON.stringify(r)));
      for (const r of sesResources) expect(r).toMatch(/:identity\/fabrikam-it\.example"|:configuration-set\//);
    }
  });
});

describe('secrets', () => {
  const secretId = (name: string) => logicalId(stateful, stateful.secrets.get(name)!);
  const reads = (fn: FunctionName, secret: string) =>
    allows(statements(fn), { action: 'secretsmanager:GetSecretValue', resource: (r) => JSON.stringify(r).includes(`Ref${secretId(secret)}`) });
  const readers = (secret: string) => FUNCTION_NAMES.filter((n) => reads(n, secret));

  it('each function reads only the secrets its job uses', () => {
    // reconcile re-reads the PSA line of a write-back that never reported.
    expect(readers('trueup/connectwise')).toEqual(['collect', 'reconcile', 'approval']);
    expect(readers('trueup/ninjaone')).toEqual(['collect']);
    expect(readers('trueup/pax8')).toEqual(['collect']);
    expect(readers('trueup/link-signing-key-2')).toEqual(['notify', 'digest', 'approval']);
    expect(readers('trueup/link-signing-key-1')).toEqual(['notify', 'digest', 'approval']);
  });
});

describe('events and breadth', () => {
  it('only collect and reconcile put events on the bus', () => {
    const puts = (name: FunctionName) => allows(statements(name), { action: 'events:PutEvents', resource: (r) => JSON.stringify(r).includes('Bus') });
    expect(FUNCTION_NAMES.filter(puts)).toEqual(['collect', 'reconcile']);
  });

  it('grants no wildcard action and no wildcard resource to any function', () => {
    for (const name of FUNCTION_NAMES)
      for (const s of statements(name)) {
        expect([s.Action].flat().every((a) => !a.endsWith('*') || a === 'kms:GenerateDataKey*')).toBe(true);
        expect([s.Resource].flat()).not.toContain('*');
      }
  });
});
