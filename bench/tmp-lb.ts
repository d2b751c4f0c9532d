import { benchLabor } from './support/labor-bench';
import { readFlags } from './support/args';
await benchLabor(readFlags(process.argv.slice(2)), new Date().toISOString().slice(0,10));
