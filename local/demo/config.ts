import type { TrueupConfigInput } from '../../shared/config/schema';
import { LABOR_PSAS, LABOR_RATES, LABOR_WORK_TYPES } from './labor';
import type { PsaVendor } from './world';

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
  /** Set when the webhook stand-in runs: a Teams and a Slack channel post to it. */
  webhooks?: boolean;
}

export const DEMO_SIGNING_KEY_ENV = 'TRUEUP_DEMO_SIGNING_KEY';
/** The stand-in's webhook URLs reach the config as a real install's would: by a named secret (here an environment variable). */
export const DEMO_WEBHOOK_ENV = { teams: 'TRUEUP_DEMO_TEAMS_WEBHOOK', slack: 'TRUEUP_DEMO_SLACK_WEBHOOK' } as const;

export function demoConfig(e: DemoEndpoints): TrueupConfigInput {
  return {
    msp: { name: 'Brightline IT', timeZone: 'America/Chicago', currency: 'USD' },
    sources: (e.sources as TrueupConfigInput['sources']).map(withLabor),
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
    // Unmanaged users are priced as managed workstations; the other signals have no recipe of the demo's to price them.
    expansion: { pricedBy: { endpoint: 'Managed Workstation' } },
    recipients: {
      from: 'trueup@brightline-it.example',
      owner: ['owner@brightline-it.example'],
      finance: ['billing@brightline-it.example'],
      vcio: { default: 'vcio@brightline-it.example', fromAccountManager: true },
    },
    ...(e.webhooks
      ? {
          alerts: [
            { id: 'vcio-teams', kind: 'teams' as const, webhookUrl: { env: DEMO_WEBHOOK_ENV.teams }, send: ['renewals' as const] },
            { id: 'owner-slack', kind: 'slack' as const, webhookUrl: { env: DEMO_WEBHOOK_ENV.slack }, send: ['digest' as const, 'renewals' as const] },
          ],
        }
      : {}),
    safety: { shadowMode: e.shadowMode },
    approvals: { baseUrl: e.approvalBaseUrl, signingKey: { env: DEMO_SIGNING_KEY_ENV }, ...(e.linkTtlHours ? { ttlHours: e.linkTtlHours } : {}) },
    storage: { tableName: 'trueup-demo', region: 'us-east-1', endpoint: e.dynamoEndpoint },
    mail: { region: 'us-east-1', endpoint: e.sesEndpoint },
  };
}

/**
 * The demo reads every PSA's tickets and time for labor leakage (labor.ts plants cases on three
 * clients of each), and HaloPSA's far enough back for client health's ticket volume per seat
 * (health-plan.ts). Rates and covered work types are the config's; Autotask says what its
 * contracts cover itself, and Syncro has no agreement for them to apply to.
 */
type SourceInput = TrueupConfigInput['sources'][number];
const isPsa = (source: SourceInput): source is Extract<SourceInput, { kind: PsaVendor }> => source.kind in LABOR_PSAS;

function withLabor(source: SourceInput): SourceInput {
  if (!isPsa(source)) return source;
  const labor = { enabled: true, lookbackDays: LABOR_PSAS[source.kind].lookbackDays, rates: LABOR_RATES, coveredWorkTypes: { [LABOR_WORK_TYPES.agreementType]: [...LABOR_WORK_TYPES.covered] } };
  return { labor, ...source }; // a source override's labor wins
}
