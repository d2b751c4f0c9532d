import { parseArgs, type ParseArgsConfig } from 'node:util';
import { IsoDate } from '../../shared/domain/model';

/** A mistake in how trueup was called: one line on stderr and exit 64 (EX_USAGE). */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

const GLOBAL: Options = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
};

/** The options each command accepts; anything else is refused by name. */
export const COMMAND_OPTIONS = {
  demo: {
    once: { type: 'boolean' },
    'as-of': { type: 'string' },
    'next-night': { type: 'boolean' },
    weeks: { type: 'string' },
    reset: { type: 'boolean' },
  },
  run: { config: { type: 'string' }, 'as-of': { type: 'string' }, report: { type: 'string' }, digest: { type: 'boolean' } },
  serve: { config: { type: 'string' }, port: { type: 'string' } },
  init: { psa: { type: 'string' }, rmm: { type: 'string' }, marketplace: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
  products: { config: { type: 'string' } },
  qbr: { config: { type: 'string' }, client: { type: 'string' }, out: { type: 'string' }, pdf: { type: 'boolean' } },
  report: { config: { type: 'string' }, month: { type: 'string' }, csv: { type: 'boolean' } },
  help: {},
} satisfies Record<string, Options>;

export type Command = keyof typeof COMMAND_OPTIONS;
export const isCommand = (c: string | undefined): c is Command => c !== undefined && Object.hasOwn(COMMAND_OPTIONS, c);

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: Command, args: string[]): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...GLOBAL, ...COMMAND_OPTIONS[command] }, strict: true, allowPositionals: command === 'help' || command === 'report' });
    return { values, positionals };
  } catch (err) {
    throw new UsageError(`trueup ${command}: ${describeParseError(err as Error & { code?: string })}`);
  }
}

/** node:util's messages run to several lines of advice; one line naming the option is enough. */
function describeParseError(err: Error & { code?: string }): string {
  const named = /'(-[^' ]*)/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${named ?? err.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return named ? `option ${named} ${/argument missing/.test(err.message) ? 'needs a value' : 'takes no value'}` : err.message;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(err.message)?.[1] ?? ''}`.trimEnd();
    default:
      return err.message.split('\n')[0]!;
  }
}

/** A date option, refused here when it is not a real calendar date. */
export function dateOption(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !IsoDate.safeParse(value).success) throw new UsageError(`--${name} must be a calendar date as YYYY-MM-DD, not "${String(value)}"`);
  return value;
}

/** A month option (YYYY-MM), refused here when it is not a real month. */
export function monthOption(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new UsageError(`--${name} must be a month as YYYY-MM, not "${String(value)}"`);
  return value;
}

/** A whole-number option within bounds. */
export function intOption(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${String(value)}"`);
  return n;
}
