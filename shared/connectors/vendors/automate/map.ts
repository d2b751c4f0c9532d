import type * as z from 'zod';
import type { Client, Device } from '../../../domain/model';
import { automateDeviceClass } from '../../device-class';
import { instantFromIso } from '../../epoch';
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
  };
}

/** The later of the agent's last check-in and its last heartbeat: either shows it alive. */
function lastContact(...values: Array<string | null | undefined>): string | null {
  const instants = values.filter((v): v is string => !!v).map(instantFromIso);
  return instants.length ? instants.sort().at(-1)! : null;
}
