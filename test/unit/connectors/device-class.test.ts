import { describe, expect, it } from 'vitest';
import { dattoDeviceClass, ninjaDeviceClass, vsaDeviceClass } from '../../../shared/connectors/device-class';

/** One rule for every RMM: a class the RMM does not state, or states as something unknown, is UNCLASSIFIED. */
describe('device classes from the RMMs', () => {
  it('NinjaOne: a known nodeClass maps to its class, known non-seat kinds included', () => {
    expect(ninjaDeviceClass('WINDOWS_WORKSTATION')).toBe('WINDOWS_WORKSTATION');
    expect(ninjaDeviceClass('LINUX_SERVER')).toBe('LINUX_SERVER');
    expect(ninjaDeviceClass('NMS_SWITCH')).toBe('NETWORK');
    expect(ninjaDeviceClass('MANAGED_DEVICE')).toBe('OTHER');
    expect(ninjaDeviceClass('CLOUD_MONITOR_TARGET')).toBe('OTHER');
  });

  it('NinjaOne: a missing, null, empty or unknown nodeClass is UNCLASSIFIED', () => {
    for (const nodeClass of [undefined, null, '', 'QUANTUM_WORKSTATION', 'windows_workstation', 'constructor', 'toString'])
      expect(ninjaDeviceClass(nodeClass), String(nodeClass)).toBe('UNCLASSIFIED');
  });

  it('Datto RMM: deviceClass alone decides printers, network devices and ESXi hosts', () => {
    const os = 'Microsoft Windows 11 Pro';
    expect(dattoDeviceClass({ deviceClass: 'printer', operatingSystem: os })).toBe('PRINTER');
    expect(dattoDeviceClass({ deviceClass: 'rmmnetworkdevice', operatingSystem: os })).toBe('NETWORK');
    expect(dattoDeviceClass({ deviceClass: 'esxihost', operatingSystem: os })).toBe('VIRTUAL_HOST');
  });

  it('Datto RMM: an agent is classified from its category and operating system', () => {
    const agent = (category: string | null, operatingSystem: string | null) => dattoDeviceClass({ deviceClass: 'device', category, operatingSystem });
    expect(agent('Laptop', 'Microsoft Windows 11 Pro 10.0.22631')).toBe('WINDOWS_WORKSTATION');
    expect(agent('Server', 'Microsoft Windows Server 2022 Standard')).toBe('WINDOWS_SERVER');
    expect(agent(null, 'Microsoft Windows Server 2019')).toBe('WINDOWS_SERVER');
    expect(agent('Desktop', 'macOS Sonoma 14.5')).toBe('MAC');
    expect(agent('Server', 'Ubuntu 22.04.4 LTS')).toBe('LINUX_SERVER');
    expect(agent('Virtual Machine', 'Microsoft Windows Server 2019')).toBe('VIRTUAL_GUEST');
    expect(agent('Mobile Device', 'Android 14')).toBe('MOBILE');
  });

  it('Datto RMM: an agent whose category and operating system name nothing known is UNCLASSIFIED', () => {
    expect(dattoDeviceClass({ deviceClass: 'device', category: 'Other', operatingSystem: '' })).toBe('UNCLASSIFIED');
    expect(dattoDeviceClass({ deviceClass: 'device', category: null, operatingSystem: 'FreeBSD 14.1' })).toBe('UNCLASSIFIED');
  });

  it('Datto RMM: a missing, empty, unknown or unlisted deviceClass is UNCLASSIFIED, never guessed from the operating system', () => {
    const windows = { category: 'Laptop', operatingSystem: 'Microsoft Windows 11 Pro 10.0.22631' };
    for (const deviceClass of [undefined, null, '', 'unknown', 'Device', 'hologram', 'constructor'])
      expect(dattoDeviceClass({ deviceClass, ...windows }), String(deviceClass)).toBe('UNCLASSIFIED');
  });

  it('Kaseya VSA: the operating system fields read together say workstation or server', () => {
    expect(vsaDeviceClass({ online: 1, operatingSystem: 'Windows', osType: '10', osInfo: 'Professional x64 Edition' })).toBe('WINDOWS_WORKSTATION');
    expect(vsaDeviceClass({ online: 0, operatingSystem: 'Windows', osType: '2019', osInfo: 'Server Standard x64 Edition' })).toBe('WINDOWS_SERVER');
    expect(vsaDeviceClass({ online: 11, operatingSystem: 'Mac OS X', osType: '14.4' })).toBe('MAC');
    expect(vsaDeviceClass({ operatingSystem: 'Linux', osInfo: 'Ubuntu 22.04 Server' })).toBe('LINUX_SERVER');
  });

  it('Kaseya VSA: no operating system, or one naming nothing known, is UNCLASSIFIED; a never-checked-in template is OTHER whatever it says', () => {
    for (const kind of [{}, { online: 1 }, { osType: 'Unknown' }, { operatingSystem: 'FreeBSD', osType: '14.1' }, { operatingSystem: '', osType: null, osInfo: undefined }])
      expect(vsaDeviceClass(kind), JSON.stringify(kind)).toBe('UNCLASSIFIED');
    expect(vsaDeviceClass({ online: 199, operatingSystem: 'Windows', osType: '10' })).toBe('OTHER');
  });
});
