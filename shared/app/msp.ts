import type { TrueupConfig } from '../config/schema';
import type { MspInfo } from '../mail/models';

export const mspInfo = (config: TrueupConfig): MspInfo => ({ name: config.msp.name, currency: config.msp.currency, timeZone: config.msp.timeZone });
