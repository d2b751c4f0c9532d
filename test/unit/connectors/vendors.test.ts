import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VENDORS } from '../../../shared/connectors/vendors';
import { SourceConfig } from '../../../shared/config/schema';
import { ROLE_OF, VENDOR_KINDS } from '../../../shared/domain/model';

describe('the vendor list', () => {
  it('has one module per vendor kind, each under its own kind and role', () => {
    expect(Object.keys(VENDORS).sort()).toEqual([...VENDOR_KINDS].sort());
    for (const [key, vendor] of Object.entries(VENDORS)) {
      expect(vendor.kind).toBe(key);
      expect(vendor.role).toBe(ROLE_OF[vendor.kind]);
    }
  });

  it('names each vendor simulator where it is', () => {
    for (const vendor of Object.values(VENDORS)) expect(existsSync(vendor.simulator), vendor.simulator).toBe(true);
  });

  it('makes the config union of every vendor config schema', () => {
    const kinds = SourceConfig.options.map((o) => o.shape.kind.value);
    expect(kinds).toEqual(Object.keys(VENDORS));
  });
});
