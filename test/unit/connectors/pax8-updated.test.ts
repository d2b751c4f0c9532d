import { describe, expect, it } from 'vitest';
import { toSubscription } from '../../../shared/connectors/vendors/pax8/map';
import { Pax8Subscription } from '../../../shared/connectors/vendors/pax8/records';
import { evidenceItemText } from '../../../shared/mail/findings';

const raw = { id: 's1', companyId: 'c1', productId: 'p1', quantity: 12, status: 'Active', startDate: '2025-04-01' };

describe('when a Pax8 subscription last changed', () => {
  it('reads updatedDate as written in Pax8\u2019s own example and shows it as the last change', () => {
    const sub = toSubscription(Pax8Subscription.parse({ ...raw, updatedDate: '2026-11-20T11:33:12.314-0600' }), 'Microsoft 365 E3');
    expect(sub.updatedOn).toBe('2026-11-20');
    expect(evidenceItemText({ id: sub.externalId, name: sub.productName, quantity: sub.quantity, changedOn: sub.updatedOn })).toBe('Microsoft 365 E3: 12 seats, last changed 20 Nov 2026');
  });

  it('keeps the seats when updatedDate is unreadable: it is evidence only', () => {
    const parsed = Pax8Subscription.safeParse({ ...raw, updatedDate: 'last Tuesday' });
    expect(parsed.success).toBe(true);
    expect(toSubscription(parsed.data!, 'Microsoft 365 E3')).not.toHaveProperty('updatedOn');
  });
});
