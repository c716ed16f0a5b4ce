// The console in a real browser (SPEC §11): Debian's chromium driven by playwright-core, against
// the system `npm start` brings up, signed in from the URL it prints.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { launchBrowser, PHONE, seedAccountPackage, seedCatalog, startSystem } from './system.mjs';

const T = 20_000;
let system;
let browser;
let page;
let seeded;
let account;
/** The package the component and release tests add to, through its page. */
let parts;

before(async () => {
  system = await startSystem();
  seeded = await seedCatalog(system.api);
  account = await seedAccountPackage(system.api);
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultTimeout(T);
});

after(async () => {
  await browser?.close();
  await system?.stop();
});

test('signs in from the URL npm start prints, and drops the token from the address', async () => {
  await page.goto(system.consoleUrl);
  await page.getByRole('heading', { name: 'Catalog' }).waitFor();
  assert.doesNotMatch(page.url(), /token=/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('artifact-register.token')), system.token);
});

test('the first page is gzipped by the gateway', async () => {
  const res = await fetch(`${system.gateway}/console/`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-encoding'), 'gzip');
});

test('searches the catalog and opens a package from a result named by its title', async () => {
  await page.getByRole('searchbox', { name: 'Search packages' }).fill(seeded.word);
  await page.getByRole('link', { name: seeded.title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: seeded.title }).waitFor();
  await page.getByText(seeded.alias, { exact: true }).waitFor();
  await page.getByRole('region', { name: 'VersionSets' }).getByText('>=1.0.0 <2.0.0').waitFor();
});

test('steps back through the package history, each step the package as it was', async () => {
  const history = page.getByRole('navigation', { name: 'Step through history' });
  await history.getByText('3 of 3').waitFor();
  await history.getByRole('link', { name: '← Earlier' }).click();
  await page.getByText('Showing this package as it was at').waitFor();
  await page.getByRole('heading', { level: 1, name: seeded.title }).waitFor();
  await page.getByText('No VersionSet yet.').waitFor();
  assert.match(page.url(), /as_of=/);
  await history.getByRole('link', { name: '← Earlier' }).click();
  await page.getByRole('heading', { level: 1, name: seeded.draftTitle }).waitFor();
  await history.getByText('1 of 3').waitFor();
  await page.getByRole('link', { name: 'Back to the current package' }).click();
  await page.getByRole('heading', { level: 1, name: seeded.title }).waitFor();
});

test('refreshes an open package page when the package changes', async () => {
  const current = await system.api('GET', `/packages/${seeded.id}/`);
  const { $schema: _, ...body } = current.body;
  await system.api('PUT', `/packages/${seeded.id}/`, { ...body, title: `${seeded.title} (renamed)` });
  await page.getByRole('heading', { level: 1, name: `${seeded.title} (renamed)` }).waitFor();
});

test('creates a package, with the API problem shown beside the field, then adds a VersionSet', async () => {
  await page.getByRole('link', { name: 'Catalog' }).click();
  await page.getByRole('link', { name: 'New package' }).click();
  await page.getByRole('button', { name: 'Create package' }).click();
  const title = page.getByLabel('Title', { exact: true });
  await page.locator('#pkg-title-error').waitFor();
  assert.equal(await title.getAttribute('aria-invalid'), 'true');
  const name = `Browser Made ${randomUUID().slice(0, 8)}`;
  await title.fill(name);
  await page.getByLabel('System').selectOption('kustomize');
  await page.getByLabel('Aliases').fill(name.toLowerCase().replace(/ /g, '-'));
  await page.getByRole('button', { name: 'Create package' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByLabel('Version range').fill('>=2.0.0 <3.0.0');
  await page.getByRole('button', { name: 'Add VersionSet' }).click();
  await page.locator('.versionset').getByText('>=2.0.0 <3.0.0').waitFor();
  await page.getByLabel('Version range').fill('>=2.5.0');
  await page.getByRole('button', { name: 'Add VersionSet' }).click();
  const form = page.getByRole('form', { name: 'Add a VersionSet' });
  await form.getByRole('alert').getByText('409 Conflict').waitFor();
  // The API's own message, beside the field it names.
  assert.match(await form.locator('#vs-version_constraint-error').innerText(), /overlap|intersect/i);
});

/**
 * Clicks `button`, which sends the write `method` to a path matching `path`, and waits until `shown`.
 * Answers the request as sent, its status and X-Consistency-Token, and the GETs the page sent after it.
 */
async function submitWrite(button, method, path, shown) {
  const seen = [];
  const record = (request) => seen.push({ method: request.method(), path: new URL(request.url()).pathname, headers: request.headers(), body: request.postDataJSON() });
  const isWrite = (res) => res.request().method() === method && path.test(new URL(res.url()).pathname);
  page.on('request', record);
  let answer;
  try {
    [answer] = await Promise.all([page.waitForResponse(isWrite), button.click()]);
    await shown();
  } finally {
    page.off('request', record);
  }
  const at = seen.findIndex((r) => r.method === method && path.test(r.path));
  return { write: seen[at], status: answer.status(), token: answer.headers()['x-consistency-token'], readsAfter: seen.slice(at + 1).filter((r) => r.method === 'GET') };
}

test('adds a component to a VersionSet and sees it on the package page; a second primary is refused beside the field', async () => {
  parts = await seedCatalog(system.api);
  await page.goto(`${system.gateway}/console/#/packages/${parts.id}`);
  await page.getByRole('heading', { level: 1, name: parts.title }).waitFor();
  const set = page.locator('.versionset').filter({ hasText: '>=1.0.0 <2.0.0' });
  await set.getByText('Add a component to VersionSet 1').click();
  const form = page.getByRole('form', { name: 'Add a component to VersionSet 1' });
  const name = 'ghcr.io/org/controller:v1';
  await form.getByLabel('Component name').fill(name);
  await form.getByLabel('Component title').fill('Controller');
  await form.getByLabel('Component description').fill('Reconciles the clusters');
  await form.getByLabel('Primary component').check();
  const made = await submitWrite(form.getByRole('button', { name: 'Add component' }), 'POST', /\/versionsets\/1\/components$/, () =>
    set.getByRole('listitem').filter({ hasText: 'Controller' }).filter({ hasText: 'primary' }).waitFor(),
  );
  assert.equal(made.status, 201);
  assert.equal(made.write.path, `/packages/${parts.id}/versionsets/1/components`);
  assert.deepEqual(made.write.body, { name, title: 'Controller', primary: true, description: 'Reconciles the clusters' });
  assert.ok(made.token, 'the write answered X-Consistency-Token');
  const componentReads = made.readsAfter.filter((r) => r.path.endsWith('/versionsets/1/components'));
  assert.ok(componentReads.length > 0 && componentReads.every((r) => Number(r.headers['x-consistency-token']) >= Number(made.token)), 'the reads after the write wait for it');
  await set.getByText(name, { exact: true }).waitFor();
  await set.getByText('— Reconciles the clusters').waitFor();
  assert.equal(await form.getByLabel('Component name').inputValue(), '', 'the form is emptied for the next one');

  // A second primary in the same VersionSet: the API's 409, its message beside the checkbox.
  await form.getByLabel('Component name').fill('webhook');
  await form.getByLabel('Component title').fill('Webhook');
  await form.getByLabel('Primary component').check();
  await form.getByRole('button', { name: 'Add component' }).click();
  await form.getByRole('alert').getByText('409 Conflict').waitFor();
  const error = form.locator('#comp1-primary-error');
  assert.equal(await error.innerText(), `${parts.id}:1:${name} is the primary component of this version set`);
  assert.equal(await form.getByLabel('Primary component').getAttribute('aria-invalid'), 'true');
  assert.equal(await set.getByText('Webhook').count(), 0);

  // Not primary, it goes in beside the controller, and the field's message goes away.
  await form.getByLabel('Primary component').uncheck();
  await form.getByRole('button', { name: 'Add component' }).click();
  await set.getByRole('listitem').filter({ hasText: 'Webhook' }).waitFor();
  assert.equal(await form.locator('#comp1-primary-error').count(), 0);
  assert.equal(await set.getByRole('listitem').filter({ hasText: 'primary' }).count(), 1);
});

test('adds releases, listed newest first with the VersionSet that describes each; a duplicate version is refused beside the field', async () => {
  await page.getByRole('heading', { level: 1, name: parts.title }).waitFor();
  const releases = page.getByRole('region', { name: 'Releases' });
  const form = page.getByRole('form', { name: 'Add a release' });
  await form.getByLabel('Release version').fill('1.2.0');
  await form.getByLabel('Released on').fill('2025-03-01');
  await form.getByLabel('Changes').fill('added: Gateway API support\nfixed: a crash on start');
  const made = await submitWrite(form.getByRole('button', { name: 'Add release' }), 'POST', /\/releases$/, () => releases.getByRole('listitem').filter({ hasText: '1.2.0' }).first().waitFor());
  assert.equal(made.status, 201);
  assert.equal(made.write.path, `/packages/${parts.id}/releases`);
  assert.deepEqual(made.write.body, {
    version: '1.2.0',
    changes: [
      { kind: 'added', description: 'Gateway API support' },
      { kind: 'fixed', description: 'a crash on start' },
    ],
    released_on: '2025-03-01T00:00:00Z',
  });
  assert.ok(made.readsAfter.some((r) => r.path.endsWith('/releases') && Number(r.headers['x-consistency-token']) >= Number(made.token)), 'the release list is read after the write');

  // Two more: a higher one in the same VersionSet (1.10.0 sorts above 1.2.0 by SemVer, not by text)
  // and one no VersionSet holds.
  for (const version of ['1.10.0', '2.0.0']) {
    await form.getByLabel('Release version').fill(version);
    await form.getByRole('button', { name: 'Add release' }).click();
    await releases.locator('ol.releases > li').filter({ hasText: version }).waitFor();
  }
  const rows = await releases.locator('ol.releases > li').evaluateAll((items) => items.map((li) => li.innerText.split('\n')[0].trim()));
  assert.deepEqual(rows, ['2.0.0 in no VersionSet', '1.10.0 VersionSet 1', '1.2.0 2025-03-01 VersionSet 1']);
  const lowest = releases.locator('ol.releases > li').last();
  await lowest.getByText('Gateway API support').waitFor();
  await lowest.locator('.badge', { hasText: 'fixed' }).waitFor();
  await page.locator('.versionset').filter({ hasText: '>=1.0.0 <2.0.0' }).getByText('1.10.0, 1.2.0', { exact: true }).waitFor();

  // `v1.2.0` has the precedence of `1.2.0`: the API's 409, its message beside the version field.
  await form.getByLabel('Release version').fill('v1.2.0');
  await form.getByRole('button', { name: 'Add release' }).click();
  await form.getByRole('alert').getByText('409 Conflict').waitFor();
  assert.equal(await form.locator('#rel-version-error').innerText(), `has the precedence of ${parts.id}@1.2.0`);
  assert.equal(await form.getByLabel('Release version').getAttribute('aria-invalid'), 'true');
  assert.equal(await releases.locator('ol.releases > li').count(), 3);

  // A version that is not SemVer: the API's 422, beside the same field.
  await form.getByLabel('Release version').fill('1.5');
  await form.getByRole('button', { name: 'Add release' }).click();
  await form.getByRole('alert').getByText('422').waitFor();
  assert.match(await form.locator('#rel-version-error').innerText(), /SemVer/);
});

test('a create whose answer was lost is retried with the same Idempotency-Key: one release, the first answer', async () => {
  const releases = page.getByRole('region', { name: 'Releases' });
  const form = page.getByRole('form', { name: 'Add a release' });
  const keys = [];
  // The first attempt reaches the register, which stores the release; its answer is replaced by the
  // 503 an unknown outcome gets (SPEC §6), as a dropped connection or a lost ack would leave it.
  let lose = true;
  await page.route('**/releases', async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    keys.push(route.request().headers()['idempotency-key']);
    const real = await route.fetch();
    if (!lose) return route.fulfill({ response: real });
    lose = false;
    return route.fulfill({ status: 503, headers: { 'retry-after': '1', 'content-type': 'application/json' }, body: JSON.stringify({ status: 503, title: 'Service Unavailable', detail: 'the outcome of the write is not known yet; retry it' }) });
  });
  try {
    await form.getByLabel('Release version').fill('1.11.0');
    await form.getByRole('button', { name: 'Add release' }).click();
    await form.getByRole('alert').getByText('503').waitFor();
    await form.getByRole('button', { name: 'Add release' }).click();
    await releases.locator('ol.releases > li').filter({ hasText: '1.11.0' }).waitFor();
  } finally {
    await page.unroute('**/releases');
  }
  assert.equal(keys.length, 2);
  assert.match(keys[0], /^console-[0-9a-f]{32}$/);
  assert.equal(keys[1], keys[0], 'the retry carries the first attempt\'s key');
  assert.equal(await form.getByRole('alert').count(), 0, 'the retry was answered with the first outcome, not a 409');
  const stored = await system.api('GET', `/packages/${parts.id}/releases`);
  assert.equal(stored.body.data.filter((r) => r.version === '1.11.0').length, 1);
});

test('moves an account package to corrupt, and a forbidden transition shows its 409', async () => {
  await page.getByRole('link', { name: 'Accounts' }).click();
  await page.getByLabel('Account ID').fill(account.account);
  await page.getByRole('button', { name: 'Open account' }).click();
  await page.getByRole('link', { name: account.name }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(account.name) }).waitFor();
  // The verifier moves it from verifying to available on its own; the page follows without a reload.
  const state = page.locator('p').filter({ hasText: 'State:' });
  await state.locator('.state-available').waitFor();
  await page.getByRole('button', { name: 'Move to corrupt' }).click();
  await page.getByRole('status').getByText('Moved to corrupt.').waitFor();
  await state.locator('.state-corrupt').waitFor();
  await page.getByLabel('Any state (the register checks the transition)').selectOption('verifying');
  await page.getByRole('button', { name: 'Request state' }).click();
  const alert = page.getByRole('alert').filter({ hasText: '409' }).first();
  await alert.waitFor();
  assert.match(await alert.innerText(), /from corrupt the allowed states are incomplete, available/);
});

test('a change made meanwhile makes the state change a 412, explained, and the page shows the latest', async () => {
  const path = `/accounts/${account.account}/core/v1/packages/${account.id}`;
  // Hold the page at what it has (every poll answers 304), then change the package behind its back.
  await page.route(`**${path}`, (route) => (route.request().method() === 'GET' ? route.fulfill({ status: 304 }) : route.fallback()));
  const current = await system.api('GET', path);
  await system.api('PUT', path, { ...current.body, packageState: 'incomplete' }, { 'if-match': current.etag });
  await page.getByRole('button', { name: 'Move to available' }).click();
  await page.getByRole('alert').filter({ hasText: '412 Precondition Failed' }).first().waitFor();
  await page.unroute(`**${path}`);
  await page.locator('p').filter({ hasText: 'State:' }).locator('.state-incomplete').waitFor();
});

test('a token the API refuses returns to sign-in, saying why', async () => {
  const context = await browser.newContext();
  const other = await context.newPage();
  const forged = `${system.token.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
  await other.goto(`${system.gateway}/console/#token=${forged}`);
  await other.getByRole('alert').getByText(/refused the token \(401/).waitFor();
  await other.getByLabel('Bearer token').waitFor();
  await context.close();
});

test('a viewer sees no write controls, and a write answers 403 naming the role it needs', async () => {
  // Minted as a user would (`npm run token`), with the secret npm start signs with.
  const minted = spawnSync(process.execPath, ['scripts/token.mjs', '--role', 'viewer', '--account', '*'], { cwd: new URL('../..', import.meta.url), encoding: 'utf8' });
  assert.equal(minted.status, 0, minted.stderr);
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(`${system.gateway}/console/#token=${minted.stdout.trim()}`);
  await other.getByRole('heading', { name: 'Catalog' }).waitFor();
  assert.equal(await other.getByRole('link', { name: 'New package' }).count(), 0);
  await other.goto(`${system.gateway}/console/#/packages/new`);
  await other.getByLabel('Title', { exact: true }).fill('Not allowed');
  await other.getByRole('button', { name: 'Create package' }).click();
  await other.getByRole('alert').getByText(/needs the role admin or higher; your token's role is viewer/).waitFor();
  await context.close();
});

test('fits a phone: no horizontal scroll on the package page', async () => {
  await page.setViewportSize(PHONE);
  await page.goto(`${system.gateway}/console/#/packages/${seeded.id}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
});

test('is usable from the keyboard: tab to the search box and open a result with Enter', async () => {
  await page.goto(`${system.gateway}/console/#/`);
  await page.getByRole('heading', { name: 'Catalog' }).waitFor();
  const search = page.getByRole('searchbox', { name: 'Search packages' });
  for (let i = 0; i < 10 && !(await search.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('Tab');
  await page.keyboard.type(seeded.word);
  await page.getByRole('status').getByText('1 package', { exact: true }).waitFor();
  const result = page.getByRole('link', { name: new RegExp(seeded.title) });
  const focused = [];
  for (let i = 0; i < 15 && !(await result.evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press('Tab');
    focused.push(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80)));
  }
  assert.ok(await result.evaluate((el) => el === document.activeElement), `Tab never reached the result; focus went to:\n${focused.join('\n')}`);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: new RegExp(seeded.title) }).waitFor();
});
