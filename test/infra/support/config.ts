import type { TrueupConfigInput } from '../../../shared/config/schema';

/** A small MSP: one PSA, one RMM, Pax8, a rotated signing key. Times chosen to be unlike the defaults. */
export function testConfig(overrides: Partial<TrueupConfigInput> = {}): TrueupConfigInput {
  return {
    msp: { name: 'Fabrikam IT', timeZone: 'Europe/Amsterdam' },
    sources: [
      {
        id: 'cw',
        kind: 'connectwise',
        baseUrl: 'https://api-eu.myconnectwise.net/v4_6_release/apis/3.0',
        companyId: 'fabrikam',
        publicKey: { secret: 'trueup/connectwise', field: 'publicKey' },
        privateKey: { secret: 'trueup/connectwise', field: 'privateKey' },
        clientId: { secret: 'trueup/connectwise', field: 'clientId' },
      },
      {
        id: 'ninja',
        kind: 'ninjaone',
        baseUrl: 'https://eu.ninjarmm.com',
        clientId: { secret: 'trueup/ninjaone', field: 'clientId' },
        clientSecret: { secret: 'trueup/ninjaone', field: 'clientSecret' },
      },
      {
        id: 'pax8',
        kind: 'pax8',
        clientId: { secret: 'trueup/pax8', field: 'clientId' },
        clientSecret: { secret: 'trueup/pax8', field: 'clientSecret' },
      },
    ],
    recipes: [
      {
        product: 'Managed Workstation',
        count: { from: 'rmm', deviceClasses: ['WINDOWS_WORKSTATION'] },
        listPriceCents: 4500,
      },
    ],
    recipients: {
      from: 'trueup@fabrikam-it.example',
      owner: ['owner@fabrikam-it.example'],
      finance: ['billing@fabrikam-it.example'],
      vcio: { default: 'vcio@fabrikam-it.example' },
    },
    approvals: {
      baseUrl: 'https://approvals.fabrikam-it.example',
      signingKey: { secret: 'trueup/link-signing-key-2' },
      keyId: 'k2',
      previousKeys: { k1: { secret: 'trueup/link-signing-key-1' } },
    },
    storage: { tableName: 'fabrikam-trueup', region: 'eu-west-1' },
    mail: { region: 'eu-west-1' },
    schedule: { nightlyAt: '01:30', digestDay: 'TUE', digestAt: '06:45', reconcileDeadlineMinutes: 150 },
    ...overrides,
  };
}
