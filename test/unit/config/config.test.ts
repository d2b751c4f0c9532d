import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '../../../shared/config/load';
import { createSecretResolver } from '../../../shared/config/secrets';
import { configJsonSchema } from '../../../shared/config/write-json-schema';

const example = async () => JSON.parse(await readFile('config/trueup.example.json', 'utf8')) as Record<string, unknown>;
const withConfig = async (raw: unknown) => {
  const dir = await mkdtemp(join(tmpdir(), 'trueup-config-'));
  const file = join(dir, 'trueup.json');
  await writeFile(file, typeof raw === 'string' ? raw : JSON.stringify(raw));
  return loadConfigFile(file);
};

describe('config', () => {
  it('accepts the example and fills the documented defaults', async () => {
    const config = await withConfig(await example());
    expect(config.renewals).toEqual({ windowStartDays: 90, windowEndDays: 120, anniversaryForEvergreen: false, earlierFor: { red: 180, yellow: 120 } });
    expect(config.health).toMatchObject({ greenFrom: 70, yellowFrom: 45, minCoveragePercent: 40, weights: { ticketVolume: 15, slaBreaches: 15, overdueInvoices: 15, tenure: 10 } });
    expect(config.qbr).toEqual({ linkTtlDays: 45 });
    expect(config.safety.shadowMode).toBe(true);
    expect(config.sources.find((s) => s.kind === 'pax8')).toMatchObject({ tokenUrl: 'https://api.pax8.com/v1/token', audience: 'https://api.pax8.com', pageSize: 200 });
  });

  it('names the field and the problem for each mistake', async () => {
    const raw = await example();
    const sources = raw.sources as Array<Record<string, unknown>>;
    sources[0]!.baseUrl = 'not a url';
    sources[1]!.id = 'cw';
    (raw.msp as Record<string, unknown>).timeZone = 'Mars/Olympus';
    raw.renewals = { windowStartDays: 130, windowEndDays: 120 };
    const error = await withConfig(raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/sources\[0\]\.baseUrl: /);
    expect(message).toMatch(/sources\[1\]\.id: duplicate source id "cw"/);
    expect(message).toMatch(/msp\.timeZone: unknown IANA time zone/);
    expect(message).toMatch(/renewals: windowStartDays must not exceed windowEndDays/);
  });

  it('refuses two recipes whose names differ only in case, spacing or punctuation, naming both', async () => {
    const raw = await example();
    const recipes = raw.recipes as Array<Record<string, unknown>>;
    const first = recipes[0]!;
    const renamed = `  ${String(first.product).toUpperCase().replace(/ /g, ' - ')}.`;
    recipes.push({ ...first, product: renamed, aliases: [] });
    const message = await withConfig(raw).catch((e: unknown) => (e as Error).message);
    expect(message).toContain(`recipes[${recipes.length - 1}].product: recipe "${renamed}" and recipe "${String(first.product)}" (recipes[0]) differ only in case, spacing or punctuation`);
  });

  it('refuses an alias that is another recipe\'s product under another spelling', async () => {
    const raw = await example();
    const recipes = raw.recipes as Array<Record<string, unknown>>;
    recipes[1]!.aliases = [String(recipes[0]!.product).toLowerCase()];
    await expect(withConfig(raw)).rejects.toThrow(/recipes\[1\]\.aliases\[0\]: alias ".+" of recipe ".+" and recipe ".+" \(recipes\[0\]\) differ only in case, spacing or punctuation/);
  });

  it('refuses inline credentials: a credential must name an env var or a secret', async () => {
    const raw = await example();
    (raw.sources as Array<Record<string, unknown>>)[0]!.privateKey = 'hunter2';
    await expect(withConfig(raw)).rejects.toThrow(/sources\[0\]\.privateKey/);
  });

  it('says when the file is not JSON', async () => {
    await expect(withConfig('{ "msp": ')).rejects.toThrow(/is not JSON/);
  });

  it('says which environment variable a credential is missing from', async () => {
    const resolve = createSecretResolver({});
    await expect(resolve({ env: 'CW_PRIVATE_KEY' }, 'sources[0].privateKey')).rejects.toThrow('sources[0].privateKey: environment variable CW_PRIVATE_KEY is not set');
  });

  it('keeps the committed JSON Schema in step with the zod schema (npm run config:schema)', async () => {
    const committed = JSON.parse(await readFile('config/trueup.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });
});
