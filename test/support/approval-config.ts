import { parseConfig } from '../../shared/config/load';
import type { TrueupConfig, TrueupConfigInput } from '../../shared/config/schema';

/** Signing keys as the environment would hold them (createSecretResolver reads these names). */
export const APPROVAL_ENV = {
  TRUEUP_SIGNING_KEY: 'k1-0123456789abcdef0123456789abcdef-current',
  TRUEUP_SIGNING_KEY_OLD: 'k0-fedcba9876543210fedcba9876543210-previous',
};

/** A valid config for the approval tests: one ConnectWise source, the signing key from the env. */
export function approvalConfig(over: Partial<TrueupConfigInput> = {}, cwBaseUrl = 'https://cw.example/v4_6_release/apis/3.0'): TrueupConfig {
  return parseConfig({
    msp: { name: 'Contoso Managed IT', timeZone: 'America/Chicago' },
    sources: [
      { id: 'cw', kind: 'connectwise', baseUrl: cwBaseUrl, companyId: 'trueupdemo', publicKey: { env: 'CW_PUBLIC_KEY' }, privateKey: { env: 'CW_PRIVATE_KEY' }, clientId: { env: 'CW_CLIENT_ID' } },
    ],
    recipes: [{ product: 'Managed Workstation', count: { from: 'rmm', deviceClasses: ['WINDOWS_WORKSTATION'] } }],
    recipients: { from: 'trueup@contoso-it.example', owner: ['owner@contoso-it.example'], finance: ['billing@contoso-it.example'], vcio: { default: 'vcio@contoso-it.example' } },
    approvals: { baseUrl: 'https://approvals.contoso-it.example', signingKey: { env: 'TRUEUP_SIGNING_KEY' }, keyId: 'k1', previousKeys: { k0: { env: 'TRUEUP_SIGNING_KEY_OLD' } }, ttlHours: 72 },
    storage: { tableName: 'trueup-test' },
    ...over,
  });
}
