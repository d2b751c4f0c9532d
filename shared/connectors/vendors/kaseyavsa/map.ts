import type { Client, Device } from '../../../domain/model';
import { vsaDeviceClass } from '../../device-class';
import { instantFromIso } from '../../epoch';
import { VSA_NEVER_CHECKED_IN, VSA_SUSPENDED, type VsaAgent, type VsaOrg } from './records';

export function toClient(org: VsaOrg): Client {
  // [I] VSA organizations carry no PSA id (Kaseya BMS links through its own tables): no cross-reference.
  return { externalId: org.OrgId, name: org.OrgName, active: true, refs: [], deviceRefs: [], accountManagerEmail: null };
}

const STATE: Record<number, string> = { [VSA_SUSPENDED]: 'suspended', [VSA_NEVER_CHECKED_IN]: 'never checked in' };

export function toDevice(a: VsaAgent): Device {
  const os = [a.OperatingSystem, a.OSType, a.OSInfo].filter(Boolean).join(' ');
  const state = a.Online == null ? undefined : STATE[a.Online];
  return {
    externalId: a.AgentId,
    clientExternalId: a.OrgId,
    // [V] ComputerName is the machine's own name; AgentName is machine.group.org.
    name: a.ComputerName || a.AgentName || '',
    deviceClass: vsaDeviceClass({ online: a.Online, operatingSystem: a.OperatingSystem, osType: a.OSType, osInfo: a.OSInfo }),
    vendorClass: [os, state].filter(Boolean).join(' / '),
    lastSeenAt: a.LastCheckInTime ? instantFromIso(a.LastCheckInTime) : null,
    // VSA has no approval step: an agent that reports is managed.
    approved: true,
    // [I, business rule] a suspended agent is retired from service: carried as deleted, so no recipe counts it.
    deleted: a.Online === VSA_SUSPENDED,
    // VSA reports no antivirus or warranty on an agent; its operating system only.
    ...(os ? { osName: osName(a, os) } : {}),
  };
}

/**
 * [I] OperatingSystem, OSType and OSInfo together name the system ("Windows 10 Professional x64
 * ..."); a Windows server reads "Windows 2019 Server Standard", put back in the vendor's own
 * order ("Windows Server 2019 Standard") so end-of-support tables match it.
 */
function osName(a: VsaAgent, joined: string): string {
  const server = /^server\b\s*/i;
  if (!/^windows$/i.test(a.OperatingSystem ?? '') || !server.test(a.OSInfo ?? '')) return joined;
  return ['Windows Server', a.OSType, a.OSInfo!.replace(server, '')].filter(Boolean).join(' ');
}
