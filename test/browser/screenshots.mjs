#!/usr/bin/env node
// `npm run console:screenshots`: the console's main pages at desktop and phone width, into
// docs/console/, taken from the system `npm start` brings up, with a little data seeded first.
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DESKTOP, launchBrowser, PHONE, seedAccountPackage, startSystem } from './system.mjs';

const OUT = fileURLToPath(new URL('../../docs/console/', import.meta.url));

/** Argo Workflows with two VersionSets, their components and a few releases; Argo CD beside it. */
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
  const components = [
    [1, 'workflow-controller', 'Workflow controller', true, 'Reconciles Workflow and CronWorkflow resources.'],
    [1, 'argo-server', 'Argo Server', false, 'API and UI.'],
    [2, 'workflow-controller', 'Workflow controller', true, 'Reconciles Workflow and CronWorkflow resources.'],
    [2, 'argo-server', 'Argo Server', false, 'API and UI, with SSO.'],
    [2, 'quay.io/argoproj/argoexec', 'Executor', false, 'Sidecar that runs in every workflow pod.'],
  ];
  for (const [number, name, title, primary, description] of components) {
    await api('POST', `/packages/${id}/versionsets/${number}/components`, { name, title, primary, description });
  }
  const releases = [
    ['v3.4.17', '2024-04-18T09:00:00Z', [{ kind: 'fixed', description: 'Retry of a failed step keeps its outputs.' }]],
    ['v3.5.0', '2023-10-13T09:00:00Z', [{ kind: 'added', description: 'Workflow archive in the UI.' }, { kind: 'removed', description: 'The k8sapi executor.' }]],
    ['v3.5.8', '2024-06-17T09:00:00Z', [{ kind: 'security', description: 'CVE-2024-31029: the server checks the token of a log request.' }]],
    ['v3.6.0-rc.1', '2024-09-02T09:00:00Z', [{ kind: 'added', description: 'Multiple mutexes and semaphores per workflow.' }]],
  ];
  for (const [version, released_on, changes] of releases) await api('POST', `/packages/${id}/releases`, { version, released_on, changes });
  await api('POST', '/packages', { title: 'Argo CD', system: 'kustomize', aliases: [`argo-cd-${tag}`], description: 'Declarative GitOps continuous delivery for Kubernetes.' });
  const history = (await api('GET', `/packages/${id}/history?page_size=100`)).body.data;
  // As it was before its first release: the VersionSets and their components, no releases yet.
  const lastComponent = history.findLastIndex((event) => event.type === 'catalog.ComponentCreated');
  return { id, asOf: history[lastComponent].time };
}

async function refuseRelease(page) {
  const form = page.getByRole('form', { name: 'Add a release' });
  await form.getByLabel('Release version').fill('3.5.8');
  await form.getByRole('button', { name: 'Add release' }).click();
  await form.locator('#rel-version-error').waitFor();
  await form.scrollIntoViewIfNeeded();
}

/**
 * Waits until the page has no request in flight for `quietMs` and shows no "Loading …". The pages
 * differ only in the hash, so Playwright's `networkidle` (a load state of the document) would not wait.
 */
function settler(page, quietMs = 600) {
  let inFlight = 0;
  let lastChange = Date.now();
  const moved = (by) => () => {
    inFlight += by;
    lastChange = Date.now();
  };
  page.on('request', moved(1));
  page.on('requestfinished', moved(-1));
  page.on('requestfailed', moved(-1));
  return async () => {
    const loading = page.getByRole('status').filter({ hasText: /^Loading / });
    for (;;) {
      await loading.first().waitFor({ state: 'detached' });
      if (inFlight === 0 && Date.now() - lastChange >= quietMs && (await loading.count()) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
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
      // A version with the precedence of one released already: the API's 409 beside the field.
      ['release-refused', `#/packages/${id}`, 'Add a release', refuseRelease, '#rel-version-error'],
      ['account-packages', `#/accounts/${account.account}`, account.name],
      ['account-package', `#/accounts/${account.account}/packages/${account.id}`, 'Change state'],
    ];
    const page = await browser.newPage();
    const settled = settler(page);
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
        await settled();
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
