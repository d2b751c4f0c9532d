import type * as z from 'zod';
import type { Client, Device } from '../../../domain/model';
import { automateDeviceClass } from '../../device-class';
import { hardwareDate, instantFromIso } from '../../epoch';
import type { AutomateClient, AutomateComputer } from './records';

export function toClient(client: z.infer<typeof AutomateClient>): Client {
  const psaId = client.ExternalId == null ? '' : String(client.ExternalId).trim();
  return {
    externalId: client.Id,
    name: client.Name,
    active: true,
    // [I] an all-digit ExternalId is the ConnectWise PSA company id the integration wrote; other text is not a reference.
    refs: /^\d+$/.test(psaId) && psaId !== '0' ? [{ vendor: 'connectwise', id: psaId }] : [],
    deviceRefs: [],
    accountManagerEmail: null,
  };
}

export function toDevice(c: z.infer<typeof AutomateComputer>): Device {
  return {
    externalId: c.Id,
    clientExternalId: c.Client.Id,
    name: c.ComputerName ?? '',
    deviceClass: automateDeviceClass({ type: c.Type, operatingSystem: c.OperatingSystemName, networkProbe: c.IsNetworkProbe }),
    vendorClass: [c.Type, c.OperatingSystemName, c.IsVirtualMachine ? 'virtual machine' : '', c.IsNetworkProbe ? 'network probe' : ''].filter(Boolean).join(' / '),
    lastSeenAt: lastContact(c.RemoteAgentLastContact, c.LastHeartbeat),
    // Automate has no approval step: an agent that checks in is managed.
    approved: true,
    // [I] retired agents leave /Computers; a Status naming "retired" is carried as deleted, never counted.
    deleted: /retired/i.test(c.Status ?? ''),
    ...(c.OperatingSystemName ? { osName: [c.OperatingSystemName, c.OperatingSystemVersion].filter(Boolean).join(' ') } : {}),
    ...antivirus(c.VirusScanner),
    ...(hardwareDate(c.WarrantyEndDate) ? { warrantyEndsOn: hardwareDate(c.WarrantyEndDate) } : {}),
    // [I] AssetDate is the asset's purchase date as Automate records it: the age of the hardware.
    ...(hardwareDate(c.AssetDate) ? { builtOn: hardwareDate(c.AssetDate) } : {}),
  };
}

/**
 * The computer's virus scanner definition [V: LabTech.Models.VirusScannerDef {Id, Name}]: a named
 * scanner is taken as present, an object with no name or id 0 as none [I]; absent: not reported.
 */
function antivirus(scanner: z.infer<typeof AutomateComputer>['VirusScanner']): Pick<Device, 'antivirus'> {
  if (!scanner) return {};
  const none = !scanner.Name?.trim() || String(scanner.Id ?? '0') === '0';
  return { antivirus: none ? 'none' : 'protected' };
}

/** The later of the agent's last check-in and its last heartbeat: either shows it alive. */
function lastContact(...values: Array<string | null | undefined>): string | null {
  const instants = values.filter((v): v is string => !!v).map(instantFromIso);
  return instants.length ? instants.sort().at(-1)! : null;
}
