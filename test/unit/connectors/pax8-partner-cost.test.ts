import { describe, expect, it } from 'vitest';
import { toSubscription } from '../../../shared/connectors/vendors/pax8/map';
import { Pax8Subscription } from '../../../shared/connectors/vendors/pax8/records';

const raw = { id: 's1', companyId: 'c1', productId: 'p1', quantity: 12, status: 'Active', startDate: '2025-04-01' };
const cost = (extra: Record<string, unknown>) => toSubscription(Pax8Subscription.parse({ ...raw, ...extra }), 'Microsoft 365 E3').partnerCostCents;

describe('Pax8 partner cost, per seat per month', () => {
  it('reads partnerCost as the price of one billing term, in cents a month', () => {
    expect(cost({ partnerCost: 11.39, billingTerm: 'Monthly' })).toBe(1_139);
    expect(cost({ partnerCost: 120, billingTerm: 'Annual' })).toBe(1_000);
    expect(cost({ partnerCost: 11.39 })).toBe(1_139);
  });
  it('states no cost when Pax8 states none, the term does not recur, or the figure is unreadable, and keeps the seats', () => {
    expect(cost({})).toBeUndefined();
    expect(cost({ partnerCost: 50, billingTerm: 'One-Time' })).toBeUndefined();
    expect(cost({ partnerCost: 'eleven' })).toBeUndefined();
    expect(toSubscription(Pax8Subscription.parse({ ...raw, partnerCost: -1 }), 'x').quantity).toBe(12);
  });
});
