// Types of command-line.mjs for the TypeScript entry points that import it.
import type { ParseArgsConfig } from 'node:util';

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;
export type CommandLine = { values: OptionValues; positionals: string[] };

export type CommandLineSpec = {
  /** How the operator runs it, for messages: `npm run dlq`. */
  name: string;
  /** The `--help` text; its first line is repeated after a usage error. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals?: { min?: number; max?: number };
  validate?: (line: CommandLine) => string | undefined;
};

export const USAGE_ERROR: 2;
export function readCommandLine(argv: string[], spec: CommandLineSpec): { help: true } | { error: string } | CommandLine;
export function parseCommandLine(argv: string[], spec: CommandLineSpec): CommandLine;
