import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInbox } from '../../../local/embedded/ses';
import { generateDemoWorld } from '../../../local/demo/generate';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import { listPairs } from '../../../shared/store/matches';
import { listAudit } from '../../../shared/store/records';

/**
 * Client matching across nights on the demo MSP, with two RMM organizations renamed the way
 * real ones drift: a site in parentheses (matched by name, with the reason) and a misspelling
 * (suggested, answered from the digest's link, and matched on the next night).
 */

const NIGHT_1 = '2026-11-23';
const NIGHT_2 = '2026-11-24';
let demo: Demo;
let siteOrg: string;
let typoOrg: string;

beforeAll(async () => {
  const world = generateDemoWorld({ seed: 42, asOf: NIGHT_1 });
  const rename = (psaName: string, rmmName: string) => {
    const c = world.clients.find((x) => x.name === psaName && x.psa.vendor === 'connectwise' && x.rmm?.vendor === 'ninjaone')!;
    c.rmm!.name = rmmName;
    return `ninja:${c.rmm!.id}`;
  };
  siteOrg = rename('Tailspin Toys', 'Tailspin Toys (Downtown)');
  typoOrg = rename('Coho Winery', 'Coho Winry');
  demo = await startDemo({ asOf: NIGHT_1, world });
});
afterAll(async () => demo?.close());

const unmappedOrg = (findings: Array<{ clientKey: string; kind: string; lineKey: string }>, key: string) => findings.some((f) => f.clientKey === key && f.kind === 'unmapped' && f.lineKey === 'org');

describe('scored client matching, night to night', () => {
  it('matches a site variant by name, suggests a misspelling, and asks the owner from the digest', async () => {
    const { report } = await demo.runNight(NIGHT_1);
    expect(report.unmatched.map((u) => u.key)).not.toContain(siteOrg);
    expect(unmappedOrg(report.findings, siteOrg)).toBe(false);
    expect(report.findings.some((f) => f.clientName.startsWith('Tailspin Toys') && f.basis === 'rmm')).toBe(true);

    expect(report.dataQuality.suggestedMatches).toEqual([
      expect.objectContaining({ memberKey: typoOrg, memberName: 'Coho Winry', psaName: expect.stringMatching(/^Coho Winery/), reason: expect.stringMatching(/reading 'winry' as 'winery'/) }),
    ]);
    // Until someone answers, its usage is unmapped, not counted under the client.
    expect(unmappedOrg(report.findings, typoOrg)).toBe(true);

    await demo.runDigest();
    const digest = (await readInbox(demo.sesUrl)).find((m) => /Unbilled/.test(m.subject) && m.destination.to.includes(demo.config.recipients.owner[0]!))!;
    expect(digest.body.text).toContain('Suggested matches (1)');
    expect(digest.body.text).toMatch(/Coho Winry \(ninja\) -> Coho Winery/);
  });

  it('changes nothing on GET, stores "Same client" once on POST, and matches it the next night', async () => {
    const digest = (await readInbox(demo.sesUrl)).find((m) => /Unbilled/.test(m.subject))!;
    const same = /Same client: (\S+)/.exec(digest.body.text ?? '')![1]!;

    const page = await fetch(same);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('Is this the same client?');
    expect(body).toContain('Coho Winry');
    expect((await listPairs(demo.table)).find((p) => p.memberKey === typoOrg)!.status).toBe('suggested');

    const post = () => fetch(same, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
    expect(await (await post()).text()).toContain('Your answer is recorded');
    expect(await (await post()).text()).toContain('answered already');
    const pair = (await listPairs(demo.table)).find((p) => p.memberKey === typoOrg)!;
    expect(pair).toMatchObject({ status: 'same', decidedBy: demo.config.recipients.owner[0] });
    const audit = await listAudit(demo.table, NIGHT_1.slice(0, 7));
    expect(audit.filter((a) => a.action === 'matched')).toHaveLength(1);

    const { report } = await demo.runNight(NIGHT_2);
    expect(report.dataQuality.suggestedMatches).toEqual([]);
    expect(report.unmatched.map((u) => u.key)).not.toContain(typoOrg);
    expect(unmappedOrg(report.findings, typoOrg)).toBe(false);
  });
});
