#!/usr/bin/env node
// `npm run console:screenshots`: the console's main pages at desktop and phone width, into
// docs/console/, taken from the system `npm start` brings up, with a little data seeded first.
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DESKTOP, launchBrowser, PHONE, seedAccountPackage, startSystem } from './system.mjs';

const OUT = fileURLToPath(new URL('../../docs/console/', import.meta.url));

async function seed(api) {
  const tag = randomUUID().slice(0, 4);
  const created = await api('POST', '/packages', {
    title: 'Argo Workflows',
    system: 'helm',
    aliases: [`argo-workflows-${tag}`, `argo-${tag}`],
    description: 'Workflow engine for Kubernetes: orchestrates parallel jobs as DAGs or steps.',
  });
  const id = created.body.id;
  await api('PUT', `/packages/${id}/`, { ...created.body, $schema: undefined, versioning: { scheme: 'semantic', release_cycle: 'regular', support_model: 'rolling', release_interval_days: 90 } });
  await api('POST', `/packages/${id}/versionsets`, { version_constraint: '>=3.0.0 <3.5.0' });
  await api('POST', `/packages/${id}/versionsets`, { version_constraint: '>=3.5.0 <4.0.0' });
  await api('POST', '/packages', { title: 'Argo CD', system: 'kustomize', aliases: [`argo-cd-${tag}`], description: 'Declarative GitOps continuous delivery for Kubernetes.' });
  const history = await api('GET', `/packages/${id}/history`);
  return { id, asOf: history.body.data[1].time };
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const system = await startSystem();
  const browser = await launchBrowser().catch(async (err) => {
    await system.stop();
    throw err;
  });
  try {
    const { id, asOf } = await seed(system.api);
    const account = await seedAccountPackage(system.api);
    const pages = [
      ['catalog', '#/?q=argo', 'Search packages'],
      ['package', `#/packages/${id}`, 'History'],
      ['package-as-of', `#/packages/${id}?as_of=${encodeURIComponent(asOf)}`, 'Showing this package as it was at'],
      // Submitted empty: the API's 422, each message beside its field.
      ['new-package', '#/packages/new', 'New package', (page) => page.getByRole('button', { name: 'Create package' }).click(), '#pkg-title-error'],
      ['account-packages', `#/accounts/${account.account}`, account.name],
      ['account-package', `#/accounts/${account.account}/packages/${account.id}`, 'Change state'],
    ];
    const page = await browser.newPage();
    await page.goto(system.consoleUrl);
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      await page.setViewportSize(viewport);
      for (const [name, hash, text, act, after] of pages) {
        await page.goto(`${system.gateway}/console/${hash}`);
        await page.getByText(text).first().waitFor();
        if (act) {
          await act(page);
          await page.locator(after).waitFor();
        }
        await page.waitForLoadState('networkidle');
        const path = `${OUT}${name}-${size}.png`;
        await page.screenshot({ path, fullPage: size === 'desktop' });
        console.log(`wrote ${path}`);
      }
    }
  } finally {
    await browser.close();
    await system.stop();
  }
}

main().catch((err) => {
  console.error(`console:screenshots: ${err.message}`);
  process.exit(1);
});
