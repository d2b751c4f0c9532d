import type { TrueupConfigInput } from '../../shared/config/schema';

/**
 * The demo MSP's config: the same schema a real MSP fills in, pointed at the simulators and the
 * embedded DynamoDB and SES. Shadow mode is off so approving a true-up in the demo really writes
 * to the simulated PSA; a real install starts in shadow mode.
 */
export interface DemoEndpoints {
  sources: unknown[];
  dynamoEndpoint: string;
  sesEndpoint: string;
  approvalBaseUrl: string;
  shadowMode: boolean;
  /** How long approval links stay valid (hours); the config default when absent. */
  linkTtlHours?: number;
}

export const DEMO_SIGNING_KEY_ENV = 'TRUEUP_DEMO_SIGNING_KEY';

export function demoConfig(e: DemoEndpoints): TrueupConfigInput {
  return {
    msp: { name: 'Brightline IT', timeZone: 'America/Chicago', currency: 'USD' },
    sources: e.sources as TrueupConfigInput['sources'],
    recipes: [
      {
        product: 'Managed Workstation',
        count: { from: 'rmm', deviceClasses: ['WINDOWS_WORKSTATION', 'MAC', 'LINUX_WORKSTATION'], approvedOnly: true, seenWithinDays: 30 },
        listPriceCents: 4500,
      },
      {
        product: 'Managed Server',
        count: { from: 'rmm', deviceClasses: ['WINDOWS_SERVER', 'LINUX_SERVER', 'MAC_SERVER'], approvedOnly: true, seenWithinDays: 30 },
        listPriceCents: 15000,
      },
      { product: 'Microsoft 365 Business Premium', count: { from: 'marketplace', products: ['Microsoft 365 Business Premium'] }, listPriceCents: 2200 },
      { product: 'Microsoft 365 Business Standard', count: { from: 'marketplace', products: ['Microsoft 365 Business Standard'] }, listPriceCents: 1250 },
      { product: 'Exchange Online (Plan 1)', count: { from: 'marketplace', products: ['Exchange Online (Plan 1)'] }, listPriceCents: 400 },
    ],
    recipients: {
      from: 'trueup@brightline-it.example',
      owner: ['owner@brightline-it.example'],
      finance: ['billing@brightline-it.example'],
      vcio: { default: 'vcio@brightline-it.example', fromAccountManager: true },
    },
    safety: { shadowMode: e.shadowMode },
    approvals: { baseUrl: e.approvalBaseUrl, signingKey: { env: DEMO_SIGNING_KEY_ENV }, ...(e.linkTtlHours ? { ttlHours: e.linkTtlHours } : {}) },
    storage: { tableName: 'trueup-demo', region: 'us-east-1', endpoint: e.dynamoEndpoint },
    mail: { region: 'us-east-1', endpoint: e.sesEndpoint },
  };
}
