import type { DeviceClass } from '../domain/model';

/**
 * Vendor device kinds -> Trueup's DeviceClass. Recipes count on these classes, so every vendor
 * value is named here on purpose. One rule for every RMM: a known kind maps to its class (known
 * non-seat kinds to OTHER, NETWORK, PRINTER...); a class the RMM does not state (missing, null,
 * empty) or states as something Trueup does not know is UNCLASSIFIED, which no recipe counts and
 * the report lists apart. Never guessed: a wrong class silently moves a seat count. The vendor's
 * own value is kept on the device as evidence.
 */

/** Every nodeClass in the NinjaOne spec (NodeWithDetailedReferences.nodeClass enum) [V]. */
export const NINJA_NODE_CLASSES: Record<string, DeviceClass> = {
  WINDOWS_WORKSTATION: 'WINDOWS_WORKSTATION',
  WINDOWS_SERVER: 'WINDOWS_SERVER',
  MAC: 'MAC',
  MAC_SERVER: 'MAC_SERVER',
  // NinjaOne has no plain LINUX [V].
  LINUX_WORKSTATION: 'LINUX_WORKSTATION',
  LINUX_SERVER: 'LINUX_SERVER',
  VMWARE_VM_HOST: 'VIRTUAL_HOST',
  HYPERV_VMM_HOST: 'VIRTUAL_HOST',
  NMS_VM_HOST: 'VIRTUAL_HOST',
  VMWARE_VM_GUEST: 'VIRTUAL_GUEST',
  HYPERV_VMM_GUEST: 'VIRTUAL_GUEST',
  NMS_VIRTUAL_MACHINE: 'VIRTUAL_GUEST',
  ANDROID: 'MOBILE',
  APPLE_IOS: 'MOBILE',
  APPLE_IPADOS: 'MOBILE',
  NMS_PRINTER: 'PRINTER',
  NMS_SCANNER: 'PRINTER',
  NMS_SWITCH: 'NETWORK',
  NMS_ROUTER: 'NETWORK',
  NMS_FIREWALL: 'NETWORK',
  NMS_PRIVATE_NETWORK_GATEWAY: 'NETWORK',
  NMS_WAP: 'NETWORK',
  NMS_DIAL_MANAGER: 'NETWORK',
  NMS_IPSLA: 'NETWORK',
  NMS_APPLIANCE: 'NETWORK',
  NMS_NETWORK_MANAGEMENT_AGENT: 'NETWORK',
  // [I] VoIP phones and "other" found by the network scan are network gear, not seats.
  NMS_PHONE: 'NETWORK',
  NMS_OTHER: 'NETWORK',
  // [I] Agentless, scan-discovered computers and servers are monitored, not managed: not a seat.
  NMS_COMPUTER: 'OTHER',
  NMS_SERVER: 'OTHER',
  CLOUD_MONITOR_TARGET: 'OTHER',
  UNMANAGED_DEVICE: 'OTHER',
  MANAGED_DEVICE: 'OTHER',
};

/** A nodeClass missing, empty or added after our spec copy is UNCLASSIFIED. */
export function ninjaDeviceClass(nodeClass: string | null | undefined): DeviceClass {
  return nodeClass && Object.hasOwn(NINJA_NODE_CLASSES, nodeClass) ? NINJA_NODE_CLASSES[nodeClass]! : 'UNCLASSIFIED';
}

/** Datto RMM Device.deviceClass values that decide the class on their own [V: spec enum]. */
export const DATTO_DEVICE_CLASSES: Record<string, DeviceClass | null> = {
  printer: 'PRINTER',
  rmmnetworkdevice: 'NETWORK',
  esxihost: 'VIRTUAL_HOST',
  // An agent device: its operating system and category say what it is.
  device: null,
  // Datto itself does not know: UNCLASSIFIED, whatever the operating system string says.
  unknown: 'UNCLASSIFIED',
};

export interface DattoKind {
  deviceClass?: string | null | undefined;
  category?: string | null | undefined;
  operatingSystem?: string | null | undefined;
}

/**
 * Datto RMM does not name a class the way NinjaOne does: deviceClass separates printers, network
 * devices and ESXi hosts [V]; for an agent ('device'), deviceType.category (Desktop/Laptop/Server,
 * not enumerated in the spec [I]) and the operatingSystem string decide, which is how Datto
 * documents an agent's kind. Edge cases, decided here:
 * - deviceClass missing, null, empty, 'unknown' or a value not in the spec: UNCLASSIFIED, not
 *   derived from the operating system (a Windows string on an unknown device is not a seat).
 * - an agent whose category and operating system name nothing recognised: UNCLASSIFIED too, since
 *   Datto stated only that it is an agent, which may or may not be a seat.
 */
export function dattoDeviceClass(kind: DattoKind): DeviceClass {
  const stated = kind.deviceClass ?? '';
  if (!Object.hasOwn(DATTO_DEVICE_CLASSES, stated)) return 'UNCLASSIFIED';
  return DATTO_DEVICE_CLASSES[stated] ?? agentClass(kind.category ?? '', kind.operatingSystem ?? '');
}

export interface VsaKind {
  /** The agent's Online code [V: 198 suspended, 199 never checked in]. */
  online?: number | null | undefined;
  operatingSystem?: string | null | undefined;
  osType?: string | null | undefined;
  osInfo?: string | null | undefined;
}

/**
 * Kaseya VSA 9 states no device class: its agent list holds only machines running the agent [V],
 * and, as for a Datto agent, the operating system says what each is [I] (OperatingSystem, OSType
 * and OSInfo read together, so "Windows" + "Server 2019 Standard" is a Windows server). Edge cases:
 * - Online 199, never checked in, is how a machine ID template shows [I]: OTHER, never a seat;
 * - nothing recognised in the operating system, or no operating system: UNCLASSIFIED.
 */
export function vsaDeviceClass(kind: VsaKind): DeviceClass {
  if (kind.online === 199) return 'OTHER';
  return agentClass('', [kind.operatingSystem, kind.osType, kind.osInfo].filter(Boolean).join(' '));
}

/** An agent's class from its category and operating system; UNCLASSIFIED when neither says. */
function agentClass(category: string, os: string): DeviceClass {
  // [I] Datto has no VM flag; a category naming "virtual" is the only hint.
  if (/virtual/i.test(category)) return 'VIRTUAL_GUEST';
  if (/mobile|phone|tablet/i.test(category) || /android|\bios\b|ipados/i.test(os)) return 'MOBILE';
  return osClass(os, /server/i.test(category) || /server/i.test(os));
}

/** A workstation or server's class from its operating system's name; UNCLASSIFIED when the name is none Trueup knows. */
function osClass(os: string, server: boolean): DeviceClass {
  if (/windows/i.test(os)) return server ? 'WINDOWS_SERVER' : 'WINDOWS_WORKSTATION';
  if (/mac\s?os|os x|darwin/i.test(os)) return server ? 'MAC_SERVER' : 'MAC';
  if (/linux|ubuntu|debian|cent\s?os|red hat|rhel|fedora|suse|rocky|alma/i.test(os)) return server ? 'LINUX_SERVER' : 'LINUX_WORKSTATION';
  return 'UNCLASSIFIED';
}

/** Automate's Computer.Type values [V3: "Workstation|Server"; the spec types it as a plain string]. */
const AUTOMATE_TYPES: Record<string, boolean> = { workstation: false, server: true };

/**
 * ConnectWise Automate states an agent's kind in Type (Workstation or Server) and its operating
 * system by name. A Type missing or other than those two is UNCLASSIFIED, whatever the operating
 * system says (Trueup does not guess a seat); so is a Windows/macOS/Linux name nothing matches.
 * A computer that is the location's network probe is OTHER: the issue asks that probes never
 * count as seats [I: the probe is also an agent; the MSP bills it, if at all, outside the recipes].
 */
export function automateDeviceClass(kind: { type?: string | null | undefined; operatingSystem?: string | null | undefined; networkProbe?: boolean | null | undefined }): DeviceClass {
  const type = (kind.type ?? '').trim().toLowerCase();
  if (!Object.hasOwn(AUTOMATE_TYPES, type)) return 'UNCLASSIFIED';
  if (kind.networkProbe) return 'OTHER';
  return osClass(kind.operatingSystem ?? '', AUTOMATE_TYPES[type]!);
}
