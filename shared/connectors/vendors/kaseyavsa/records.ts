import * as z from 'zod';

/**
 * Kaseya VSA 9 REST records, from shared/vendor-apis/notes/kaseya-vsa.md (no machine-readable spec
 * exists): the help pages [V] and Kaseya's own PowerShell module, VSAModule [V3].
 */

/** VSA ids are large decimal numbers, sent as strings or numbers [I]: kept as strings. */
const VsaId = z.union([z.string().regex(/^\S+$/), z.number().int().nonnegative()]).transform(String);

/**
 * Every answer: `{Result, ResponseCode, Status, Error}` [V: help page 31655]. Lists put an array in
 * Result plus TotalRecords [I: VSAModule pages on it]. ResponseCode 0 (or 2xx) is success [V3:
 * VSAModule]; a 4xx/5xx code can arrive inside an HTTP 200.
 */
export const VsaEnvelope = z.looseObject({
  Result: z.unknown(),
  ResponseCode: z.union([z.number(), z.string()]).nullish(),
  Status: z.string().nullish(),
  Error: z.string().nullish(),
  TotalRecords: z.number().int().nonnegative().nullish(),
});

/** The auth call's Result [V3: VSAModule New-VSAConnection reads Token, SessionExpiration, OffSetInMinutes]. */
export const VsaSession = z.looseObject({
  Token: z.string().min(1),
  /** "yyyy-MM-ddTHH:mm:ssZ" [V3]. */
  SessionExpiration: z.string().nullish(),
  OffSetInMinutes: z.number().nullish(),
});

/** An organization (GET system/orgs) [V3: VSAModule URISuffix map; field names I]. */
export const VsaOrg = z.object({
  OrgId: VsaId,
  OrgName: z.string().min(1),
  /** The org's short reference, e.g. "acme" in machine.group.acme [I]. */
  OrgRef: z.string().nullish(),
});
export type VsaOrg = z.infer<typeof VsaOrg>;

/**
 * An agent (GET assetmgmt/agents) [V: fields of the 31655 sample]. Only AgentId and OrgId are
 * required: a device missing anything else is still listed, unclassified or unseen where it must.
 */
export const VsaAgent = z.object({
  AgentId: VsaId,
  OrgId: VsaId,
  AgentName: z.string().nullish(),
  ComputerName: z.string().nullish(),
  MachineGroup: z.string().nullish(),
  /** 0 offline, 1 online, 2 idle, 11/12 user logged in, 198 suspended, 199 never checked in [V]. */
  Online: z.number().int().nullish(),
  OSType: z.string().nullish(),
  OSInfo: z.string().nullish(),
  OperatingSystem: z.string().nullish(),
  // [I] the form is not documented: an ISO date-time, with or without an offset (taken as UTC).
  LastCheckInTime: z.iso.datetime({ offset: true, local: true }).nullish(),
});
export type VsaAgent = z.infer<typeof VsaAgent>;

/** Online codes that are not a working machine [V: 31655]. */
export const VSA_SUSPENDED = 198;
export const VSA_NEVER_CHECKED_IN = 199;
