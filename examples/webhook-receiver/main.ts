// A webhook receiver for the Artifact Register: verifies each delivery's Standard Webhooks signature
// with the `standardwebhooks` package and prints the event. PORT (default 4000) and WEBHOOK_SECRET
// (the `whsec_…` the register answered the webhook's create or rotation with).
import { createServer } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { parseCommandLine } from '../../scripts/lib/command-line.mjs';

parseCommandLine(process.argv.slice(2), {
  name: 'example:webhook-receiver',
  usage: `usage: npm run example:webhook-receiver

Listens for webhook deliveries, verifies each signature and prints the event until Ctrl-C.
Environment: WEBHOOK_SECRET (required, whsec_…), PORT (default 4000), HOST (default 127.0.0.1).`,
  options: {},
});

const secret = process.env.WEBHOOK_SECRET;
if (!secret?.startsWith('whsec_')) {
  process.stderr.write('WEBHOOK_SECRET must be the whsec_… secret the register answered the webhook create with\n');
  process.exit(2);
}
const verifier = new Webhook(secret);
const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';

type Event = { id: string; type: string; source: string; subject: string; time: string };

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    // Verify over the exact bytes received: re-serialised JSON would not match the signature.
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
    let event: Event;
    try {
      event = verifier.verify(body, headers) as Event;
    } catch (err) {
      const reason = err instanceof WebhookVerificationError ? err.message : String(err);
      process.stdout.write(`rejected ${headers['webhook-id']}: ${reason}\n`);
      res.writeHead(401).end();
      return;
    }
    // Delivery is at least once: a receiver with side effects deduplicates on event.id (= webhook-id).
    process.stdout.write(`verified ${event.type} ${event.source}/${event.subject} id=${event.id} at ${event.time}\n`);
    res.writeHead(204).end();
  });
});

server.listen(port, host, () => process.stdout.write(`listening on http://${host}:${port}/\n`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
