import { PassThrough } from 'node:stream';
import { createLogger } from './logger.js';
import type { LogFormat } from '../config/http.config.js';

/** What a logger of `format` writes for `log`, as lines without colour codes. */
function written(format: LogFormat, log: (logger: ReturnType<typeof createLogger>) => void): string[] {
  const destination = new PassThrough();
  const chunks: string[] = [];
  destination.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  log(createLogger({ level: 'info', service: 'command-service', format, destination }));
  return chunks.join('').replace(/\x1b\[\d+m/g, '').split('\n').filter(Boolean);
}

describe('log formats', () => {
  it('pretty: one readable line per request, its fields in the text rather than repeated as JSON', () => {
    const [line, ...rest] = written('pretty', (logger) =>
      logger.info({ correlationId: 'c-1', method: 'GET', url: '/packages?page_size=2', route: '/packages', status: 200, ms: 3.1, extra: 'kept' }, 'request'),
    );
    expect(rest).toEqual([]);
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: command-service \[c-1\] GET \/packages\?page_size=2 \(\/packages\) → 200 in 3\.1 ms \{"extra":"kept"\}$/);
  });

  it('pretty: a request line with nothing else to say ends with its duration, no empty JSON tail', () => {
    const [line] = written('pretty', (logger) => logger.info({ method: 'POST', url: '/packages', route: '/packages', status: 201, ms: 12 }, 'request'));
    expect(line).toMatch(/INFO: command-service POST \/packages → 201 in 12 ms$/);
  });

  it('pretty: other entries keep their fields, and an error stays on its line', () => {
    const lines = written('pretty', (logger) => {
      logger.warn({ seq: 7 }, 'event applied');
      logger.error({ err: new Error('boom') }, 'batch failed');
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/WARN: command-service event applied \{"seq":7\}$/);
    expect(lines[1]).toMatch(/ERROR: command-service batch failed err=\{"type":"Error","message":"boom","stack":"Error: boom\\n.*"\}$/);
  });

  it.each<LogFormat>(['json', 'auto'])('%s: JSON lines when not writing to a terminal', (format) => {
    const [line] = written(format, (logger) => logger.info({ status: 200 }, 'request'));
    expect(JSON.parse(line ?? '')).toMatchObject({ level: 'info', service: 'command-service', status: 200, msg: 'request' });
  });
});
