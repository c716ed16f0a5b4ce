import { prettyFactory } from 'pino-pretty';
import type { DestinationStream } from 'pino';

type Entry = Record<string, unknown>;

/** What a request line says in its text (`GET /packages → 200 in 3.1 ms`) rather than in its fields. */
const REQUEST_FIELDS = ['method', 'url', 'route', 'status', 'ms'];
/** pino-pretty prints these on lines of their own; they go into the text instead, as one JSON value. */
const ERROR_FIELDS = ['err', 'error'];

const requestText = (entry: Entry): string => {
  const route = entry['route'] !== undefined && entry['route'] !== entry['url'] ? ` (${String(entry['route'])})` : '';
  return `${String(entry['method'])} ${String(entry['url'])}${route} → ${String(entry['status'])} in ${String(entry['ms'])} ms`;
};

/** The entry with service, correlation id, request fields and errors folded into its message. */
function readable(entry: Entry): Entry {
  const { service, correlationId, msg, ...rest } = entry;
  const request = msg === 'request';
  const errors = ERROR_FIELDS.filter((field) => rest[field] !== undefined).map((field) => ` ${field}=${JSON.stringify(rest[field])}`);
  for (const field of [...ERROR_FIELDS, ...(request ? REQUEST_FIELDS : [])]) delete rest[field];
  const id = correlationId ? ` [${String(correlationId)}]` : '';
  const text = request ? requestText(entry) : String(msg ?? '');
  return { ...rest, msg: `${String(service ?? '')}${id} ${text}${errors.join('')}` };
}

/**
 * One readable line per entry for a person at a terminal:
 * `[21:04:05.123] INFO: command-service [corr-id] GET /packages → 200 in 3.1 ms {"other":"fields"}`.
 * Errors stay on the line too (`err=` and the error as JSON, its stack one string), so every entry is
 * one line, as in JSON. Written synchronously in this process (no transport worker thread).
 */
export function prettyDestination(destination: DestinationStream = process.stdout): DestinationStream {
  const prettify = prettyFactory({ singleLine: true, translateTime: 'SYS:HH:MM:ss.l' });
  return { write: (line: string) => destination.write(prettify(readable(JSON.parse(line) as Entry))) };
}
