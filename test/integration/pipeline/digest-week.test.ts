import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppContext } from '../../../shared/app/context';
import { buildDigest, sendDigest } from '../../../shared/app/digest';
import { renderDigest } from '../../../shared/mail/render-digest';
import { putNightTotals } from '../../../shared/store/records';
import { putManifest } from '../../../shared/store/snapshots';
import { approvalConfig } from '../../support/approval-config';
import { startDynamo, type EmbeddedDynamo } from '../../support/dynamo';
import type { Table } from '../../../shared/store/table';

/** Week over week, as the chart shows it: the last night of each earlier week is the comparison. */

let dynamo: EmbeddedDynamo;
beforeAll(async () => {
  dynamo = await startDynamo();
});
afterAll(async () => dynamo?.close());

async function digestOn(day: string, nights: Array<[string, number]>, table?: Table) {
  return buildDigest(await contextOn(day, nights, table));
}

async function contextOn(day: string, nights: Array<[string, number]>, existing?: Table) {
  const table = existing ?? (await dynamo.freshTable());
  for (const [runDate, unbilledCents] of nights) {
    await putNightTotals(table, { runDate, unbilledCents, overbilledCents: 0, openFindings: 1 });
    await putManifest(table, runDate, { sourceId: 'cw', kind: 'connectwise', role: 'psa', state: 'stored', at: `${runDate}T08:00:00.000Z` });
  }
  const config = approvalConfig({ storage: { tableName: table.name, region: 'us-east-1', endpoint: dynamo.endpoint } });
  const ctx = buildAppContext(config, { now: () => new Date(`${day}T13:00:00.000Z`), env: {} });
  const sent: string[] = [];
  ctx.mailer = { send: async (to, email) => (sent.push(`${to.join(',')}: ${email.subject}`), `m${sent.length}`) };
  return Object.assign(ctx, { sent });
}

describe('the weekly digest', () => {
  it('compares the second week with the first even when the first night was less than seven days ago', async () => {
    // Installed on a Tuesday; the second digest is the next Monday, six days later. The ledger is
    // empty, so tonight's unbilled is $0 against $520 on the last night of the first week.
    const model = await digestOn('2026-11-30', [['2026-11-24', 40_000], ['2026-11-29', 52_000], ['2026-11-30', 0]]);
    expect(model.trend.map((t) => t.weekOf)).toEqual(['2026-11-23', '2026-11-30']);
    expect(model.previousTotals?.unbilledCents).toBe(52_000);
    const email = renderDigest(model);
    expect(email.subject).not.toMatch(/first week/);
    expect(email.text).not.toMatch(/first digest/i);
    expect(email.text).toMatch(/\u2212\$520 since last week/);
  });

  it('says it is the first digest when every stored night is in this week', async () => {
    const model = await digestOn('2026-11-30', [['2026-11-30', 50_000]]);
    expect(model.previousTotals).toBeNull();
    expect(renderDigest(model).subject).toMatch(/first week/);
  });

  it('is sent once per recipient for a night, and again when a newer night has new figures', async () => {
    const table = await dynamo.freshTable();
    const monday = await contextOn('2026-11-30', [['2026-11-30', 0]], table);
    await sendDigest(monday);
    await sendDigest(monday);
    expect(monday.sent).toHaveLength(1);
    const tuesday = await contextOn('2026-12-01', [['2026-12-01', 0]], table);
    await sendDigest(tuesday);
    expect(tuesday.sent).toHaveLength(1);
  });
});
