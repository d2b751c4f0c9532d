import { randomBytes } from 'node:crypto';
import type { TrueupConfigInput } from '../../shared/config/schema';
import { UsageError } from './args';

/**
 * `trueup init`: a starter config for the chosen vendors that validates as written, and the env
 * file beside it naming every credential it needs (filled in by the MSP; the signing key is
 * generated). No `storage` section: it runs on this machine until the MSP deploys. Shadow mode
 * is on: nothing is written to the PSA.
 */

export const PSAS = ['connectwise', 'autotask', 'halopsa', 'syncro'] as const;
export const RMMS = ['ninjaone', 'dattormm', 'automate', 'none'] as const;
export const MARKETPLACES = ['pax8', 'none'] as const;
export const SIGNING_KEY_ENV = 'TRUEUP_SIGNING_KEY';

type Source = TrueupConfigInput['sources'][number];
const env = (name: string) => ({ env: name });

const SOURCES: Record<string, { source: Source; env: string[] }> = {
  connectwise: {
    source: { id: 'cw', kind: 'connectwise', baseUrl: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0', companyId: 'yourcompany', publicKey: env('CW_PUBLIC_KEY'), privateKey: env('CW_PRIVATE_KEY'), clientId: env('CW_CLIENT_ID') },
    env: ['CW_PUBLIC_KEY', 'CW_PRIVATE_KEY', 'CW_CLIENT_ID'],
  },
  autotask: {
    source: { id: 'at', kind: 'autotask', username: env('AUTOTASK_USERNAME'), secret: env('AUTOTASK_SECRET'), integrationCode: env('AUTOTASK_INTEGRATION_CODE') },
    env: ['AUTOTASK_USERNAME', 'AUTOTASK_SECRET', 'AUTOTASK_INTEGRATION_CODE'],
  },
  halopsa: {
    source: { id: 'halo', kind: 'halopsa', baseUrl: 'https://yourcompany.halopsa.com/api', authUrl: 'https://yourcompany.halopsa.com/auth', clientId: env('HALO_CLIENT_ID'), clientSecret: env('HALO_CLIENT_SECRET') },
    env: ['HALO_CLIENT_ID', 'HALO_CLIENT_SECRET'],
  },
  syncro: {
    source: { id: 'syncro', kind: 'syncro', baseUrl: 'https://yourcompany.syncromsp.com/api/v1', apiKey: env('SYNCRO_API_KEY') },
    env: ['SYNCRO_API_KEY'],
  },
  ninjaone: {
    source: { id: 'ninja', kind: 'ninjaone', baseUrl: 'https://app.ninjarmm.com', clientId: env('NINJA_CLIENT_ID'), clientSecret: env('NINJA_CLIENT_SECRET') },
    env: ['NINJA_CLIENT_ID', 'NINJA_CLIENT_SECRET'],
  },
  dattormm: {
    source: { id: 'datto', kind: 'dattormm', baseUrl: 'https://merlot-api.centrastage.net/api', apiKey: env('DATTO_API_KEY'), apiSecret: env('DATTO_API_SECRET') },
    env: ['DATTO_API_KEY', 'DATTO_API_SECRET'],
  },
  automate: {
    source: { id: 'automate', kind: 'automate', baseUrl: 'https://yourcompany.hostedrmm.com/cwa/api/v1', username: env('AUTOMATE_USERNAME'), password: env('AUTOMATE_PASSWORD'), clientId: env('AUTOMATE_CLIENT_ID') },
    env: ['AUTOMATE_USERNAME', 'AUTOMATE_PASSWORD', 'AUTOMATE_CLIENT_ID'],
  },
  pax8: {
    source: { id: 'pax8', kind: 'pax8', clientId: env('PAX8_CLIENT_ID'), clientSecret: env('PAX8_CLIENT_SECRET') },
    env: ['PAX8_CLIENT_ID', 'PAX8_CLIENT_SECRET'],
  },
};

export interface InitChoice {
  psa?: string;
  rmm?: string;
  marketplace?: string;
  timeZone?: string;
}

export interface Starter {
  config: TrueupConfigInput;
  envFile: string;
}

export function starterConfig(choice: InitChoice): Starter {
  const psa = oneOf('psa', choice.psa ?? 'connectwise', PSAS);
  const rmm = oneOf('rmm', choice.rmm ?? 'ninjaone', RMMS);
  const marketplace = oneOf('marketplace', choice.marketplace ?? 'pax8', MARKETPLACES);
  if (rmm === 'none' && marketplace === 'none') throw new UsageError('trueup init: with --rmm none and --marketplace none there is nothing to reconcile the PSA against');
  const chosen = [psa, rmm, marketplace].filter((k) => k !== 'none').map((k) => SOURCES[k]!);
  const recipes: TrueupConfigInput['recipes'] = [
    ...(rmm === 'none'
      ? []
      : [
          { product: 'Managed Workstation', count: { from: 'rmm' as const, deviceClasses: ['WINDOWS_WORKSTATION' as const, 'MAC' as const, 'LINUX_WORKSTATION' as const] }, listPriceCents: 0 },
          { product: 'Managed Server', count: { from: 'rmm' as const, deviceClasses: ['WINDOWS_SERVER' as const, 'LINUX_SERVER' as const] }, listPriceCents: 0 },
        ]),
    ...(marketplace === 'none' ? [] : [{ product: 'Microsoft 365 Business Premium', count: { from: 'marketplace' as const, products: ['Microsoft 365 Business Premium'] }, listPriceCents: 0 }]),
  ];
  const config: TrueupConfigInput = {
    msp: { name: 'Your MSP', timeZone: choice.timeZone ?? 'America/Chicago', currency: 'USD' },
    sources: chosen.map((s) => s.source),
    recipes,
    recipients: { from: 'trueup@yourmsp.example', owner: ['owner@yourmsp.example'], finance: ['billing@yourmsp.example'], vcio: { default: 'vcio@yourmsp.example', fromAccountManager: true } },
    safety: { shadowMode: true },
    approvals: { baseUrl: 'http://127.0.0.1:8006', signingKey: env(SIGNING_KEY_ENV) },
  };
  const lines = [
    '# Credentials for the sources in the config beside this file (trueup loads <config>.env).',
    '# Fill in each value; variables already set in the environment win. Keep this file private.',
    ...chosen.flatMap((s) => s.env.map((name) => `${name}=`)),
    `${SIGNING_KEY_ENV}=${randomBytes(32).toString('base64url')}`,
  ];
  return { config, envFile: `${lines.join('\n')}\n` };
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`trueup init: --${option} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}
