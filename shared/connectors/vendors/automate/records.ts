import * as z from 'zod';

// Ids are strings in the spec (LabTech.Models.*.Id: string) and numbers on many servers [I]:
// either is read as the same id.
const Id = z.union([z.string().min(1), z.number().int()]).transform(String);
// [V] date-time in the spec; [I] servers send it without an offset too (taken as UTC).
const DateTime = z.iso.datetime({ offset: true, local: true });

/** The Client fields Trueup reads [V: spec schema LabTech.Models.Client]. */
export const AutomateClient = z.object({
  Id,
  Name: z.string().min(1),
  // [I] the ConnectWise PSA company id when the two are integrated; free text otherwise.
  ExternalId: z.union([z.string(), z.number()]).nullish(),
});

/** The Computer fields Trueup reads [V: spec schema LabTech.Models.Computer]. */
export const AutomateComputer = z.object({
  Id,
  ComputerName: z.string().nullish(),
  Client: z.object({ Id }),
  OperatingSystemName: z.string().nullish(),
  // [V3] Workstation|Server; the spec gives no enum, so any string is read and unknown ones are UNCLASSIFIED.
  Type: z.string().nullish(),
  Status: z.string().nullish(),
  IsNetworkProbe: z.boolean().nullish(),
  IsVirtualMachine: z.boolean().nullish(),
  RemoteAgentLastContact: DateTime.nullish(),
  LastHeartbeat: DateTime.nullish(),
  // Expansion signals only: unreadable ones are dropped (.catch), never a reason to quarantine a computer.
  OperatingSystemVersion: z.string().nullish().catch(null),
  VirusScanner: z.object({ Id: z.union([z.string(), z.number()]).nullish(), Name: z.string().nullish() }).nullish().catch(null),
  WarrantyEndDate: z.string().nullish().catch(null),
  AssetDate: z.string().nullish().catch(null),
});
