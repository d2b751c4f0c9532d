import * as z from 'zod';
import { DeviceClass, ROLE_OF } from '../domain/model';
import { recipeKey } from '../domain/recipes';
import { VENDORS } from '../connectors/vendors';
import { AlertChannel } from './alerts';
import { LaborFindings } from './labor';
import { HEALTH_DEFAULTS, HealthConfig } from './health';
import { SecretRef, url } from './source-common';

type VendorConfig = (typeof VENDORS)[keyof typeof VENDORS]['config'];
/** One schema per vendor (its config.ts), in the vendor list's order. */
export const SourceConfig = z.discriminatedUnion('kind', Object.values(VENDORS).map((v) => v.config) as [VendorConfig, ...VendorConfig[]]);
export type SourceConfig = z.infer<typeof SourceConfig>;
export type SourceConfigOf<K extends SourceConfig['kind']> = Extract<SourceConfig, { kind: K }>;

export const DeviceCount = z.strictObject({
  from: z.literal('rmm'),
  // An unclassified device is unknown, not a seat: no recipe may count it.
  deviceClasses: z.array(DeviceClass.exclude(['UNCLASSIFIED'])).min(1),
  approvedOnly: z.boolean().default(true),
  seenWithinDays: z.number().int().positive().nullable().default(30),
});

export const SubscriptionCount = z.strictObject({
  from: z.literal('marketplace'),
  /** Pax8 product names or ids (case-insensitive). */
  products: z.array(z.string().min(1)).min(1),
  /** Count seats of these states; trials are not billable by default. */
  statuses: z.array(z.enum(['active', 'pending', 'trial'])).default(['active']),
});

export const Recipe = z.strictObject({
  /**
   * The PSA product this recipe counts, matched case-insensitively against the line's product:
   * ConnectWise's product identifier, Autotask's service name, HaloPSA's item short description,
   * Syncro's line item name. `trueup products` lists the ones your PSA uses.
   */
  product: z.string().min(1),
  /** Other names the same product has in other PSAs. */
  aliases: z.array(z.string().min(1)).default([]),
  count: z.discriminatedUnion('from', [DeviceCount, SubscriptionCount]),
  /** Price per unit per month used when usage has no PSA line to take a price from. */
  listPriceCents: z.number().int().nonnegative().default(0),
});
export type Recipe = z.infer<typeof Recipe>;

/**
 * End of vendor support for operating systems still found in the field (Microsoft's lifecycle
 * dates). A device's OS name matches a row when it contains the row's `os` as whole words, case
 * aside; the longest matching row wins ("Windows Server 2012" before "Windows 8").
 */
export const DEFAULT_END_OF_SUPPORT = [
  { os: 'Windows XP', endsOn: '2014-04-08' },
  { os: 'Windows Vista', endsOn: '2017-04-11' },
  { os: 'Windows 7', endsOn: '2020-01-14' },
  { os: 'Windows 8', endsOn: '2016-01-12' },
  { os: 'Windows 8.1', endsOn: '2023-01-10' },
  { os: 'Windows 10', endsOn: '2025-10-14' },
  { os: 'Windows Server 2003', endsOn: '2015-07-14' },
  { os: 'Windows Server 2008', endsOn: '2020-01-14' },
  { os: 'Windows Server 2012', endsOn: '2023-10-10' },
  { os: 'Windows Server 2016', endsOn: '2027-01-12' },
];

export const Expansion = z.strictObject({
  /** Hardware made (or bought) more than this many years ago is aging; without that date, hardware out of warranty is. */
  hardwareMaxAgeYears: z.number().positive().default(5),
  endOfSupport: z.array(z.strictObject({ os: z.string().min(1), endsOn: z.iso.date() })).default(DEFAULT_END_OF_SUPPORT),
  /**
   * The recipe (by its product) whose price values each signal per device or seat: the client's own
   * PSA line price for that product when it has one, else the recipe's listPriceCents. A signal
   * with no product named is listed without $/month.
   */
  pricedBy: z
    .strictObject({
      security: z.string().min(1).optional(),
      endpoint: z.string().min(1).optional(),
      osUpgrade: z.string().min(1).optional(),
      hardware: z.string().min(1).optional(),
    })
    .default({}),
  /** Marketplace products (names or ids) whose seats are people, each expected to have a managed computer. */
  userProducts: z.array(z.string().min(1)).default(['Microsoft 365 Business Basic', 'Microsoft 365 Business Standard', 'Microsoft 365 Business Premium', 'Microsoft 365 E3', 'Microsoft 365 E5']),
  /**
   * Licence upgrades: seats of `from` at a client that also buys any of `addOns` separately could
   * move to `to`, which includes them. Priced at the difference between the two recipes' prices.
   */
  upgrades: z
    .array(z.strictObject({ from: z.string().min(1), to: z.string().min(1), addOns: z.array(z.string().min(1)).min(1) }))
    .default([
      {
        from: 'Microsoft 365 Business Standard',
        to: 'Microsoft 365 Business Premium',
        addOns: ['Microsoft Defender for Business', 'Microsoft Intune Plan 1', 'Microsoft Entra ID P1', 'Exchange Online Protection', 'Microsoft Defender for Office 365 (Plan 1)'],
      },
    ]),
});
export type Expansion = z.infer<typeof Expansion>;
export const EXPANSION_DEFAULTS: Expansion = Expansion.parse({});

const clientRef = z.string().regex(/^[a-z0-9-]+:.+$/, 'write as <sourceId>:<vendor id>, e.g. "cw:250"');

export const MatchOverride = z.strictObject({
  /** The PSA client, as <sourceId>:<vendor id>. */
  psa: clientRef,
  /** RMM organizations or sites and marketplace companies that belong to it. */
  members: z.array(clientRef).min(1),
});

export const TrueupConfig = z
  .strictObject({
    $schema: z.string().optional(),
    msp: z.strictObject({
      name: z.string().min(1),
      timeZone: z.string().refine((tz) => isTimeZone(tz), 'unknown IANA time zone, e.g. "America/Chicago"'),
      currency: z.string().length(3).default('USD'),
    }),
    sources: z.array(SourceConfig).min(1),
    recipes: z.array(Recipe).min(1),
    matching: z
      .strictObject({
        overrides: z.array(MatchOverride).default([]),
        /** Clients to leave out of reconciliation entirely (internal, test tenants). */
        ignore: z.array(clientRef).default([]),
      })
      .default({ overrides: [], ignore: [] }),
    renewals: z
      .strictObject({
        windowStartDays: z.number().int().min(1).default(90),
        windowEndDays: z.number().int().min(1).default(120),
        /** Alert evergreen agreements (no end date) on their start-date anniversary. */
        anniversaryForEvergreen: z.boolean().default(false),
        /**
         * How many days out a client of poor health gets its alert instead of windowEndDays (the
         * window still closes at windowStartDays): red and yellow by the client health score.
         */
        earlierFor: z.strictObject({ red: z.number().int().min(1).default(180), yellow: z.number().int().min(1).default(120) }).default({ red: 180, yellow: 120 }),
      })
      .default({ windowStartDays: 90, windowEndDays: 120, anniversaryForEvergreen: false, earlierFor: { red: 180, yellow: 120 } })
      .refine((r) => r.windowStartDays <= r.windowEndDays, 'windowStartDays must not exceed windowEndDays')
      .refine((r) => r.earlierFor.red >= r.windowStartDays && r.earlierFor.yellow >= r.windowStartDays, 'earlierFor.red and earlierFor.yellow must not be below windowStartDays'),
    /** Client health 0-100 (shared/domain/health): what each component weighs and where the colours start. */
    health: HealthConfig.default(HEALTH_DEFAULTS),
    qbr: z
      .strictObject({
        /** How long the read-only QBR pack link in a renewal alert works. */
        linkTtlDays: z.number().int().min(1).max(120).default(45),
      })
      .default({ linkTtlDays: 45 }),
    tolerances: z
      .strictObject({
        /** Gaps of this many units or fewer are not findings. */
        units: z.number().nonnegative().default(0),
      })
      .default({ units: 0 }),
    completeness: z
      .strictObject({
        /** A source whose clients, agreements, devices or seats fall by more than this percent of its usual night is suspect. */
        sourceDropPercent: z.number().positive().max(100).default(20),
        /** A client whose devices or seats fall by more than this percent (or to zero) in one night is suspect. */
        clientDropPercent: z.number().positive().max(100).default(50),
      })
      .default({ sourceDropPercent: 20, clientDropPercent: 50 }),
    /** Expansion signals for the vCIO: opportunities, never leakage (shared/domain/expansion). */
    expansion: Expansion.default(EXPANSION_DEFAULTS),
    /** Labor leakage findings from the PSA sources whose `labor.enabled` is set. */
    laborFindings: LaborFindings,
    recipients: z.strictObject({
      from: z.email(),
      owner: z.array(z.email()).min(1),
      finance: z.array(z.email()).min(1),
      vcio: z
        .strictObject({
          default: z.email(),
          /** Use the PSA account manager's email when the client has one. */
          fromAccountManager: z.boolean().default(true),
          /** <psa sourceId>:<client id> -> vCIO email. */
          byClient: z.record(clientRef, z.email()).default({}),
        }),
    }),
    /** Chat channels that also get the renewal alerts and the digest summary; the emails go out either way. */
    alerts: z.array(AlertChannel).default([]),
    safety: z
      .strictObject({
        /** Propose only; nothing is written to a PSA until this is false. */
        shadowMode: z.boolean().default(true),
        /** Largest change of one quantity a single true-up may make. */
        maxUnitChange: z.number().int().positive().default(50),
        maxPercentChange: z.number().positive().default(100),
        /** Decreases below a committed (NCE) seat count are never proposed. */
        allowCommittedDecreases: z.boolean().default(false),
      })
      .default({ shadowMode: true, maxUnitChange: 50, maxPercentChange: 100, allowCommittedDecreases: false }),
    approvals: z.strictObject({
      /** Public base URL of the approval endpoint; set by the deployment. */
      baseUrl: url,
      signingKey: SecretRef,
      keyId: z.string().min(1).default('k1'),
      /** Older keys still accepted while links signed with them are live: keyId -> ref. */
      previousKeys: z.record(z.string(), SecretRef).default({}),
      ttlHours: z.number().int().positive().max(24 * 30).default(168),
    }),
    /** Absent: `trueup run` keeps its data on this machine (embedded DynamoDB under .local/); a deployment names its table "trueup". */
    storage: z
      .strictObject({
        tableName: z.string().min(3),
        region: z.string().default('us-east-1'),
        /** Only for the embedded DynamoDB or DynamoDB Local. */
        endpoint: url.optional(),
      })
      .default({ tableName: 'trueup', region: 'us-east-1' }),
    mail: z
      .strictObject({
        region: z.string().default('us-east-1'),
        /** Only for the embedded SES (aws-ses-v2-local). */
        endpoint: url.optional(),
        configurationSet: z.string().optional(),
      })
      .default({ region: 'us-east-1' }),
    schedule: z
      .strictObject({
        /** Local time (msp.timeZone) the nightly collect starts. */
        nightlyAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('02:00'),
        digestDay: z.enum(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']).default('MON'),
        digestAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('07:00'),
        /** Reconcile with what arrived by then; missing sources are marked stale. */
        reconcileDeadlineMinutes: z.number().int().positive().default(180),
      })
      .default({ nightlyAt: '02:00', digestDay: 'MON', digestAt: '07:00', reconcileDeadlineMinutes: 180 }),
    /** Only `cdk deploy` reads this; the functions ignore it. Unset fields take the defaults in lib/config.ts. */
    deployment: z
      .strictObject({
        /** Prefix of the two stack names; give each MSP its own when several share one AWS account. */
        stackPrefix: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,39}$/, 'letters, digits and dashes, starting with a letter').default('Trueup'),
        /** Subscribed to the alarm topic (confirm the email AWS sends). */
        alarmEmail: z.email().optional(),
        logRetentionDays: z
          .literal([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653])
          .default(90),
        /** Verified SES identity the functions may send as; defaults to the domain of recipients.from. */
        sesIdentity: z.string().min(1).optional(),
        /** Reserve Lambda concurrency (no overlapping nights, approval throttling); needs an account limit above 100. */
        reservedConcurrency: z.boolean().default(true),
        approvalEndpoint: z
          .strictObject({
            /** Concurrent approval requests served; more are refused with 429. */
            maxConcurrency: z.number().int().min(1).max(50).default(5),
          })
          .default({ maxConcurrency: 5 }),
        functions: z
          .partialRecord(
            z.enum(['collect', 'reconcile', 'notify', 'digest', 'approval']),
            z.strictObject({
              memoryMb: z.number().int().min(128).max(10_240).optional(),
              timeoutSeconds: z.number().int().min(1).max(900).optional(),
            }),
          )
          .default({}),
      })
      .optional(),
  })
  .superRefine((cfg, ctx) => {
    const ids = new Set<string>();
    cfg.sources.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate source id "${s.id}"` });
      ids.add(s.id);
    });
    if (!cfg.sources.some((s) => ROLE_OF[s.kind] === 'psa'))
      ctx.addIssue({ code: 'custom', path: ['sources'], message: 'at least one PSA source is needed: it is what Trueup reconciles against' });
    recipeCollisions(cfg.recipes, ctx);
    for (const [signal, product] of Object.entries(cfg.expansion.pricedBy))
      if (!cfg.recipes.some((r) => [r.product, ...r.aliases].some((n) => n.toLowerCase() === product.toLowerCase())))
        ctx.addIssue({ code: 'custom', path: ['expansion', 'pricedBy', signal], message: `"${product}" is no recipe's product or alias: name the recipe whose price values this signal` });
    const channels = new Set<string>();
    cfg.alerts.forEach((a, i) => {
      if (channels.has(a.id)) ctx.addIssue({ code: 'custom', path: ['alerts', i, 'id'], message: `duplicate alert channel id "${a.id}"` });
      channels.add(a.id);
    });
    const refs = [...cfg.matching.overrides.flatMap((o) => [o.psa, ...o.members]), ...cfg.matching.ignore];
    for (const ref of refs) {
      const sourceId = ref.slice(0, ref.indexOf(':'));
      if (!ids.has(sourceId))
        ctx.addIssue({ code: 'custom', path: ['matching'], message: `"${ref}" names source "${sourceId}", which is not in sources` });
    }
  });
export type TrueupConfig = z.infer<typeof TrueupConfig>;
export type TrueupConfigInput = z.input<typeof TrueupConfig>;

/**
 * A recipe's product name is its ledger key once case, spacing and punctuation are dropped
 * (recipeKey): two recipes whose names or aliases meet there would file two lines under one
 * key, and every night's reconcile would fail on it.
 */
function recipeCollisions(recipes: readonly Recipe[], ctx: z.RefinementCtx): void {
  const owner = new Map<string, { index: number; name: string }>();
  const named = (name: string, product: string) => (name === product ? `recipe "${product}"` : `alias "${name}" of recipe "${product}"`);
  recipes.forEach((r, index) => {
    const names: Array<[string, (string | number)[]]> = [[r.product, ['product']], ...r.aliases.map((a, j): [string, (string | number)[]] => [a, ['aliases', j]])];
    for (const [name, at] of names) {
      const key = recipeKey({ product: name });
      const first = owner.get(key);
      if (first && first.index !== index) {
        const other = recipes[first.index]!.product;
        ctx.addIssue({
          code: 'custom',
          path: ['recipes', index, ...at],
          message: `${named(name, r.product)} and ${named(first.name, other)} (recipes[${first.index}]) differ only in case, spacing or punctuation, so they name one product; merge the two recipes or rename one`,
        });
      } else if (!first) owner.set(key, { index, name });
    }
  });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
