import type { Lane } from './workloads.js';

export type ContentionFigures = { competing: number; won: number; refused: number };

/**
 * Lanes that compete for a small pool of aliases (even lanes) and account tuples (odd lanes): each
 * creates a package holding a random value of the pool and deletes each win, so the value is
 * contested again. Runs until `done()`; the checker then proves no value ever had two live holders.
 */
export async function runContention(lanes: Lane[], pool: number, done: () => boolean): Promise<ContentionFigures> {
  const figures: ContentionFigures = { competing: 0, won: 0, refused: 0 };
  await Promise.all(
    lanes.map(async ({ client, lane, runId, accountId }) => {
      while (!done()) {
        const value = `c${runId}-${Math.floor(Math.random() * pool)}`.toLowerCase();
        const catalog = lane % 2 === 0;
        const collection = catalog ? '/packages' : `/accounts/${accountId}/core/v1/packages`;
        figures.competing++;
        const reply = await client.send(
          catalog
            ? { kind: 'catalog.create', method: 'POST', path: collection, body: { title: `Contended ${value}`, system: 'helm', aliases: [value] } }
            : { kind: 'accounts.create', method: 'POST', path: collection, body: contendedBundle(value) },
        );
        if (reply?.status === 409) figures.refused++;
        const id = reply?.status === 201 ? String(reply.body?.id) : undefined;
        if (!id) continue;
        figures.won++;
        const subject = catalog ? `artifacts.catalog.${id}` : `artifacts.accounts.${accountId}.${id}`;
        await client.send({ kind: catalog ? 'catalog.delete' : 'accounts.delete', method: 'DELETE', path: catalog ? `/packages/${id}/` : `${collection}/${id}`, subject });
      }
    }),
  );
  return figures;
}

const contendedBundle = (name: string): Record<string, unknown> => ({
  type: 'application/astra-package',
  version: '1.0',
  packageName: name.slice(0, 31),
  packageVersion: '3.0.0',
  packageType: 'install',
  severityLevel: 'critical',
});
