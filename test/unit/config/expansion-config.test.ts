import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../shared/config/load';

const example = async () => JSON.parse(await readFile('config/trueup.example.json', 'utf8')) as Record<string, unknown>;

describe('expansion config', () => {
  it('fills the documented defaults: five years, Microsoft end-of-support dates, the Business Standard upgrade', async () => {
    const raw = await example();
    delete raw.expansion;
    const { expansion } = parseConfig(raw, 'trueup.json');
    expect(expansion.hardwareMaxAgeYears).toBe(5);
    expect(expansion.endOfSupport).toContainEqual({ os: 'Windows 10', endsOn: '2025-10-14' });
    expect(expansion.upgrades[0]).toMatchObject({ from: 'Microsoft 365 Business Standard', to: 'Microsoft 365 Business Premium' });
    expect(expansion.pricedBy).toEqual({});
  });

  it('refuses a signal priced by a recipe that does not exist, naming it', async () => {
    const raw = await example();
    raw.expansion = { pricedBy: { security: 'Managed EDR' } };
    expect(() => parseConfig(raw, 'trueup.json')).toThrow(ConfigError);
    expect(() => parseConfig(raw, 'trueup.json')).toThrow(/expansion\.pricedBy\.security: "Managed EDR" is no recipe's product or alias/);
  });
});
