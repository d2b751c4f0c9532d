import { describe, expect, it } from 'vitest';
import { dattoDeviceClass, ninjaDeviceClass } from '../../../shared/connectors/device-class';

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
});
