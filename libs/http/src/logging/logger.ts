import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import { currentCorrelationId } from '../correlation/correlation.js';
import type { LogFormat, LogLevel } from '../config/http.config.js';
import { redactCredentials } from '../config/redact.js';
import { prettyDestination } from './pretty.js';

export type { Logger } from 'pino';

export type LoggerOptions = { level: LogLevel; service: string; format?: LogFormat; destination?: DestinationStream };

/** Readable lines for a person at a terminal; JSON lines for anything else (a collector, a file, a pipe). */
const pretty = (options: LoggerOptions): boolean =>
  options.format === 'pretty' || (options.format === 'auto' && options.destination === undefined && process.stdout.isTTY === true);

/**
 * One line per entry on stdout: JSON, or a readable line when stdout is a terminal (`LOG_FORMAT`).
 * Entries written while a request is handled carry its `correlationId`, also from code that never
 * sees the request (domain services, stores). No line carries a connection URL's password or
 * token, whatever field or error message holds it.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: redactCredentials },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
    },
    pretty(options) ? prettyDestination(options.destination) : options.destination,
  );
}

/** Lets Nest's own messages (bootstrap, route mapping, lifecycle) go through the same JSON logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes `(message, context)` or `(message, stack, context)`; the last string is the context. */
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields = { ...(context && { context }), ...(stack && { stack }) };
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}
