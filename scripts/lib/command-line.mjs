// The command line of every operator script (start, token, bench, dlq, projections:rebuild,
// example:subscriber): node:util parseArgs in strict mode, `--help`/`-h` on every one, and a usage
// error (an unknown flag, a missing value, a wrong argument) is a message and exit code 2, never a
// run with defaults. build.mjs copies this file into dist/scripts/lib for the compiled entry points.
import { parseArgs } from 'node:util';

export const USAGE_ERROR = 2;

/**
 * Reads `argv` against `spec` without side effects: `{ help: true }`, `{ error }` or
 * `{ values, positionals }`. `spec.positionals` is `{ min, max }` (none when absent); `spec.validate`
 * gets the parsed result and returns an error message or nothing.
 */
export function readCommandLine(argv, spec) {
  const { min = 0, max = 0 } = spec.positionals ?? {};
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: max > 0,
      strict: true,
    });
  } catch (err) {
    // parseArgs appends a hint about `--` to unknown options that only confuses an operator.
    return { error: err.message.replace(/\. To specify a positional argument.*$/s, '') };
  }
  const { help, ...values } = parsed.values;
  if (help) return { help: true };
  const { positionals } = parsed;
  if (positionals.length < min) return { error: `expected ${min === max ? min : `at least ${min}`} argument(s), got ${positionals.length}` };
  if (positionals.length > max) return { error: `unexpected argument '${positionals[max]}'` };
  const error = spec.validate?.({ values, positionals });
  return error ? { error } : { values, positionals };
}

/**
 * `readCommandLine` for a process: `--help` prints the usage on stdout and exits 0; a usage error
 * prints the message and the usage line on stderr and exits 2.
 */
export function parseCommandLine(argv, spec) {
  const result = readCommandLine(argv, spec);
  if (result.help) {
    process.stdout.write(`${spec.usage.trim()}\n`);
    process.exit(0);
  }
  if (result.error) {
    const usageLine = spec.usage.trim().split('\n')[0];
    process.stderr.write(`${spec.name}: ${result.error}\n${usageLine}\n(--help for more)\n`);
    process.exit(USAGE_ERROR);
  }
  return result;
}
