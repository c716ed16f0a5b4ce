import pinoPretty from 'pino-pretty';
import type { DestinationStream } from 'pino';

type Entry = Record<string, unknown>;

/** What a request line says in its text (`GET /packages → 200 in 3.1 ms`); left out of its JSON tail. */
const REQUEST_FIELDS = ['method', 'url', 'route', 'status', 'ms'];
/** pino-pretty prints these on lines of their own; they go into the text instead, as one JSON value. */
const ERROR_FIELDS = ['err', 'error'];

const text = (entry: Entry, messageKey: string): string => {
  const message = String(entry[messageKey] ?? '');
  if (message !== 'request') return message;
  const route = entry['route'] !== undefined && entry['route'] !== entry['url'] ? ` (${String(entry['route'])})` : '';
  return `${String(entry['method'])} ${String(entry['url'])}${route} → ${String(entry['status'])} in ${String(entry['ms'])} ms`;
};

/**
 * One readable line per entry for a person at a terminal:
 * `21:04:05.123 INFO: command-service [corr-id] GET /packages → 200 in 3.1 ms {"other":"fields"}`.
 * Errors stay on the line too (`err=` and the error as JSON, its stack one string), so every entry is
 * one line, as in JSON.
 */
export function prettyDestination(destination?: DestinationStream): DestinationStream {
  return pinoPretty({
    ...(destination && { destination }),
    singleLine: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'service,correlationId',
    messageFormat: (entry: Entry, messageKey: string) => {
      const id = entry['correlationId'] ? ` [${String(entry['correlationId'])}]` : '';
      const errors = ERROR_FIELDS.filter((field) => entry[field] !== undefined).map((field) => ` ${field}=${JSON.stringify(entry[field])}`);
      return `${String(entry['service'] ?? '')}${id} ${text(entry, messageKey)}${errors.join('')}`;
    },
    // A field prettified to undefined is left out (the JSON tail drops it, the error block skips it).
    customPrettifiers: Object.fromEntries([
      ...REQUEST_FIELDS.map((field) => [field, (value: string | object, _key: string, entry: object) => ((entry as Entry)['msg'] === 'request' ? undefined : value) as string]),
      ...ERROR_FIELDS.map((field) => [field, () => undefined as unknown as string]),
    ]),
  });
}
