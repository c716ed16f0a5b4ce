import { readCommandLine, type CommandLineSpec } from './command-line.mjs';

const spec: CommandLineSpec = {
  name: 'demo',
  usage: 'usage: demo <what> [--count N] [--dry-run]',
  options: { count: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  validate: ({ values }) => (values['count'] !== undefined && !/^\d+$/.test(String(values['count'])) ? '--count must be a number' : undefined),
};

describe('readCommandLine', () => {
  it('returns the values and positionals of a valid command line, in either --opt value or --opt=value form', () => {
    expect(readCommandLine(['x', '--count', '3', '--dry-run'], spec)).toEqual({ values: { count: '3', 'dry-run': true }, positionals: ['x'] });
    expect(readCommandLine(['--count=4', 'y'], spec)).toEqual({ values: { count: '4' }, positionals: ['y'] });
  });

  it('answers --help and -h before any other check, so help works even on an otherwise wrong line', () => {
    expect(readCommandLine(['--help'], spec)).toEqual({ help: true });
    expect(readCommandLine(['-h', 'x', 'y'], spec)).toEqual({ help: true });
  });

  it.each([
    [['x', '--bogus'], "Unknown option '--bogus'"],
    [['x', '--count'], "Option '--count <value>' argument missing"],
    [[], 'expected 1 argument(s), got 0'],
    [['x', 'y'], "unexpected argument 'y'"],
    [['x', '--count', 'many'], '--count must be a number'],
    [['x', '--dry-run=yes'], "Option '--dry-run' does not take an argument"],
  ])('refuses %j: %s', (argv, error) => {
    expect(readCommandLine(argv, spec)).toEqual({ error });
  });

  it('refuses any positional argument when the spec takes none', () => {
    expect(readCommandLine(['stray'], { name: 'none', usage: 'usage: none', options: {} })).toEqual({
      error: "Unexpected argument 'stray'. This command does not take positional arguments",
    });
  });
});
