// People signing in to the dashboard through their county's identity provider (issue 23), in a real browser
// against the second API node scripts/lib/browser.sh starts: no development key, two counties' providers
// from tests/oidc-provider, the same database as the dashboard's other tests. Everything goes through the
// provider's own login, consent and sign-out pages, as a person's browser would.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const base = process.env.TRANSFER_SIGNIN_URL;
const control = process.env.TRANSFER_OIDC_CONTROL;
const tokenBase = process.env.TRANSFER_URL;
const auditorToken = process.env.TRANSFER_AUDITOR_TOKEN;
assert.ok(base && control && tokenBase && auditorToken, 'run through scripts/test.sh, which starts the providers and both API nodes');

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(() => browser?.close());

/**
 * A fresh browser (its own cookies) at a laptop's size, in English unless asked otherwise, that records console
 * errors. Only 127.0.0.1 is reached: the provider's pages would fetch a web font.
 */
async function freshBrowser(language = 'en') {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
  if (language) await context.addInitScript((l) => { if (!localStorage.getItem('transfer.lang')) localStorage.setItem('transfer.lang', l); }, language);
  const page = await context.newPage();
  // The dashboard's own errors; the provider's pages are not ours to judge (their web font is refused here).
  const errors = [];
  const ours = () => new URL(page.url()).origin === base;
  page.on('console', (message) => { if (message.type() === 'error' && ours()) errors.push(message.text()); });
  page.on('pageerror', (error) => { if (ours()) errors.push(error.message); });
  return { context, page, errors };
}

/** Does `action` (a click that leaves the page) and waits for wherever the browser lands, redirects and all. */
const leaving = (page, action) => Promise.all([page.waitForNavigation(), action()]);

/**
 * Clicks the provider's button on the sign-in page and goes through the provider's own pages: its login (any
 * password) unless it remembers the person, then its consent unless they gave it before. Answers back on the
 * dashboard.
 */
async function throughProvider(page, account, provider = 'pirkanmaa') {
  await page.waitForSelector(`[data-signin="${provider}"]`);
  let [landed] = await leaving(page, () => page.click(`[data-signin="${provider}"]`));
  if (new URL(page.url()).origin !== base) {
    await page.fill('input[name="login"]', account);
    await page.fill('input[name="password"]', 'any password');
    [landed] = await leaving(page, () => page.click('button[type="submit"]'));
  }
  if (new URL(page.url()).origin !== base) [landed] = await leaving(page, () => page.click('button:has-text("Continue")'));
  // The server answers the provider's redirect (/signin-oidc/<name>) by sending the browser on to the dashboard.
  const at = new URL(page.url());
  assert.ok(at.origin === base && at.pathname === '/',
    `back on the dashboard, not at ${at.pathname}, which answered ${landed?.status()}: ${(await page.textContent('body')).slice(0, 300)}`);
}

/** Opens the dashboard at `route` in a fresh browser and signs in there as `account` through the provider named. */
async function signIn(account, route = '#/', provider = 'pirkanmaa', language = 'en') {
  const session = await freshBrowser(language);
  await session.page.goto(`${base}/${route}`);
  await throughProvider(session.page, account, provider);
  return session;
}

// Kept for people to look at after a run (scripts/test.sh: TestResults/screenshots), as the dashboard's other tests keep theirs.
const keep = process.env.TRANSFER_SCREENSHOTS;
async function screenshot(page, name) {
  if (!keep) return;
  await (await import('node:fs/promises')).mkdir(keep, { recursive: true });
  await page.screenshot({ path: `${keep}/${name}.png`, fullPage: true });
}

const sessionCookie = async (context) => (await context.cookies(base)).find((cookie) => cookie.name === 'transfer.session');

/** Asks the API from the page itself, as its own script could: with the session's cookie, and the headers given. */
const fromPage = (page, path, init = {}) => page.evaluate(async ([path, init]) => {
  const response = await fetch(path, init);
  return { status: response.status, body: await response.json().catch(() => null) };
}, [path, init]);

/** The anti-forgery header and token GET /api/me gives the page's session. */
const antiforgeryOf = async (page) => (await fromPage(page, '/api/me')).body.antiforgery;

async function byToken(path) {
  const response = await fetch(`${tokenBase}${path}`, { headers: { Authorization: `Bearer ${auditorToken}` } });
  assert.equal(response.status, 200, `${path} answered ${response.status}`);
  return response.json();
}

test("the sign-in offers each county's provider, in Finnish at first, and no token form", async () => {
  const { context, page, errors } = await freshBrowser(null);
  await page.goto(`${base}/#/organisations?asOf=2022-02-01`);
  await page.waitForSelector('[data-signin="pirkanmaa"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'fi');
  assert.equal((await page.textContent('[data-signin="pirkanmaa"]')).trim(), 'Kirjaudu: Pirkanmaan hyvinvointialue');
  assert.equal((await page.textContent('[data-signin="kanta-hame"]')).trim(), 'Kirjaudu: Kanta-Hämeen hyvinvointialue');
  await screenshot(page, 'sign-in-providers');
  const href = new URL(await page.getAttribute('[data-signin="pirkanmaa"]', 'href'), base);
  assert.equal(href.pathname, '/signin');
  assert.deepEqual(Object.fromEntries(href.searchParams), { provider: 'pirkanmaa', returnUrl: '/#/organisations?asOf=2022-02-01' });
  assert.equal(await page.$$eval('#sign-in-form, textarea', (found) => found.length), 0, 'no token is asked for');
  assert.equal(await page.isHidden('#sign-out'), true, 'nothing to sign out of');

  await page.click('[data-lang-switch]');
  await page.waitForFunction(() => document.querySelector('[data-signin="pirkanmaa"]')?.textContent.trim() === 'Sign in: Pirkanmaan hyvinvointialue');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('transfer.token')), null);
  assert.deepEqual(errors.filter((error) => !/status of 401/.test(error)), []);
  await context.close();
});

test('a chair signs in at the provider and lands on the board asked for, named in the header, with no token page script can read', async () => {
  const { context, page, errors } = await signIn('chris', '#/organisations?asOf=2022-02-01');
  await page.waitForSelector('tr[data-organisation-id]');
  assert.equal(new URL(page.url()).hash, '#/organisations?asOf=2022-02-01');
  const shown = await page.$$eval('tr[data-organisation-id]', (rows) =>
    Object.fromEntries(rows.map((row) => [row.dataset.organisationId, row.querySelector('td:nth-child(2) [data-rag]').dataset.rag])));
  const expected = Object.fromEntries((await byToken('/api/organisations/status?asOf=2022-02-01')).map((o) => [o.id, o.rag]));
  assert.deepEqual(shown, expected, 'the same board the API gives Pirkanmaa');

  await screenshot(page, 'signed-in-chair');
  assert.equal((await page.textContent('#county')).trim(), 'Pirkanmaan hyvinvointialue');
  assert.equal(await page.textContent('#who [data-person]'), 'Chris Chair');
  assert.equal(await page.getAttribute('#who [data-roles]', 'data-roles'), 'chair');
  assert.match(await page.textContent('#who'), /Chris Chair \(chair\)/);
  assert.equal(await page.isHidden('#import-link'), true, 'a chair is not offered the import');
  assert.equal(await page.isVisible('#sign-out'), true);

  // No token anywhere page script reaches: not in storage, and the session cookie is HttpOnly.
  const kept = await page.evaluate(() => ({
    token: sessionStorage.getItem('transfer.token'),
    stored: [...Object.values(sessionStorage), ...Object.values(localStorage)],
    cookies: document.cookie,
  }));
  assert.equal(kept.token, null);
  assert.ok(kept.stored.every((value) => !/eyJ[\w-]+\.[\w-]+/.test(value)), `something like a JWT is stored: ${kept.stored}`);
  assert.doesNotMatch(kept.cookies, /transfer\.session/);
  const cookie = await sessionCookie(context);
  assert.ok(cookie, 'the session is a cookie');
  assert.equal(cookie.httpOnly, true);
  const me = await fromPage(page, '/api/me');
  assert.deepEqual([me.body.name, me.body.roles, me.body.county, me.body.provider], ['Chris Chair', ['chair'], 'pirkanmaa', 'pirkanmaa']);

  // The change stream and the downloads go with the session's cookie as every request does.
  await page.waitForSelector('#updated[data-sequence]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download]')]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  assert.deepEqual(errors.filter((error) => !/status of 401/.test(error)), []);
  await context.close();
});

test('a PMO imports a file from the dashboard: the upload carries the anti-forgery token, and the import is recorded in her name', async () => {
  const { context, page, errors } = await signIn('paula', '#/import');
  await page.waitForSelector('#import-form');
  assert.equal(await page.isVisible('#import-link'), true, 'the PMO is offered the import');
  assert.match(await page.textContent('#who'), /Paula Pirkanmaa \(PMO\)/);
  const uploads = [];
  page.on('request', (request) => { if (new URL(request.url()).pathname.startsWith('/api/imports/')) uploads.push(request.headers()); });

  await page.selectOption('#import-kind', 'contracts');
  await page.setInputFiles('#import-file', { name: 'sopimukset.csv', mimeType: 'text/csv',
    buffer: Buffer.from('workstreamId;organisationId;contractRef;occurredOn\nsopimusten-siirrot;837;KIRJAUTUNUT-1;21.1.2022\n') });
  await page.click('button[value="import"]');
  await page.waitForSelector('[data-import-outcome="imported"]');
  const importId = (await page.textContent('[data-import-outcome="imported"]')).match(/import ([0-9a-f]{32})/)[1];

  assert.equal(uploads.length, 1);
  assert.ok(uploads[0]['x-antiforgery-token'], 'the upload carries the anti-forgery header');
  assert.equal(uploads[0].authorization, undefined, 'and no bearer token');
  const log = await byToken(`/api/audit/events?importId=${importId}`);
  assert.deepEqual(log.events.map((e) => e.data.contractRef), ['KIRJAUTUNUT-1']);
  assert.match(log.events[0].recordedBy, /^Paula Pirkanmaa\b/);
  assert.deepEqual(errors.filter((error) => !/status of 401/.test(error)), []);
  await context.close();
});

test("a write the person's role does not allow is refused, anti-forgery token and all", async () => {
  const { context, page } = await signIn('chris');
  await page.waitForSelector('main h2');
  assert.equal(await page.isHidden('#import-link'), true);
  const { header, token } = await antiforgeryOf(page);
  assert.equal(header, 'X-Antiforgery-Token');
  const refused = await fromPage(page, '/api/organisations', {
    method: 'POST', headers: { [header]: token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: 'tuoli-kunta', name: 'Tuolin kunta', kind: 'municipality' }),
  });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.title, 'Not allowed for your role');
  const upload = await page.evaluate(async ([header, token]) => {
    const form = new FormData();
    form.append('file', new File(['workstreamId;organisationId;contractRef;occurredOn\nsopimusten-siirrot;837;TUOLI-1;21.1.2022\n'], 'x.csv', { type: 'text/csv' }));
    return (await fetch('/api/imports/contracts', { method: 'POST', headers: { [header]: token }, body: form })).status;
  }, [header, token]);
  assert.equal(upload, 403, 'nor may a chair import');
  assert.ok(!(await byToken('/api/organisations')).some((o) => o.id === 'tuoli-kunta'), 'nothing was recorded');
  await context.close();
});

test("a write from the page's session without its anti-forgery token is refused; the same write with it is not", async () => {
  const { context, page } = await signIn('paula');
  await page.waitForSelector('main h2');
  const { header, token } = await antiforgeryOf(page);
  const follow = (headers) => fromPage(page, '/api/subscriptions', {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ scope: 'workstream', scopeId: 'sopimusten-siirrot', trigger: 'turns-red' }),
  });

  for (const [what, headers] of [['without it', {}], ['with a made-up one', { [header]: 'not-the-token' }]]) {
    const refused = await follow(headers);
    assert.equal(refused.status, 403, what);
    assert.equal(refused.body.title, 'Anti-forgery token missing or wrong', what);
  }
  const uploadWithout = await page.evaluate(async () => {
    const form = new FormData();
    form.append('file', new File(['workstreamId;organisationId;contractRef;occurredOn\n'], 'x.csv', { type: 'text/csv' }));
    return (await fetch('/api/imports/contracts?dryRun=true', { method: 'POST', body: form })).status;
  });
  assert.equal(uploadWithout, 403, 'an upload without it too');
  assert.equal((await fromPage(page, '/api/subscriptions')).body.length, 0, 'nothing was followed');

  const accepted = await follow({ [header]: token });
  assert.equal(accepted.status, 201);
  assert.equal((await fromPage(page, `/api/subscriptions/${encodeURIComponent(accepted.body.id)}`, { method: 'DELETE', headers: { [header]: token } })).status, 204);
  await context.close();
});

test("a person of one county who opens another county's board is refused in plain words, and shown none of its data", async () => {
  const { context, page } = await signIn('chris', '#/organisations?county=kanta-hame');
  const answers = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/api/') && url.searchParams.get('county') === 'kanta-hame') answers.push([url.pathname, response.status()]);
  });
  await page.reload();
  await page.waitForSelector('main .problem');
  assert.match(await page.textContent('main .problem'), /You act in pirkanmaa.*kanta-hame/);
  assert.equal(await page.$$eval('tr[data-organisation-id]', (rows) => rows.length), 0, 'no board is shown');
  assert.ok(answers.length > 0, 'the page asked for Kanta-Häme');
  assert.ok(answers.every(([, status]) => status === 403), `every answer about Kanta-Häme was a refusal: ${JSON.stringify(answers)}`);
  // The header still leads back to the person's own county.
  assert.equal((await page.textContent('#county')).trim(), 'Pirkanmaan hyvinvointialue');
  assert.equal(await page.getAttribute('header nav a[data-text="navOrganisations"]', 'href'), '#/organisations');
  await page.click('header nav a[data-text="navOrganisations"]');
  await page.waitForSelector('tr[data-organisation-id="837"]');
  await context.close();
});

test('a person their provider signed in without any of our roles is told so in plain words, with a way to sign out', async () => {
  const { context, page, errors } = await signIn('nora', '#/organisations');
  await page.waitForSelector('[data-no-role]');
  await screenshot(page, 'no-role');
  const text = await page.textContent('[data-no-role]');
  assert.match(text, /You are signed in as Nora Nobody/);
  assert.match(text, /none of this tool's roles/);
  assert.match(text, /administers your organisation's sign-in/);
  assert.equal(await page.$$eval('tr[data-organisation-id]', (rows) => rows.length), 0);
  assert.equal(await page.isHidden('header nav'), true, 'no boards are offered');
  assert.equal(await page.isHidden('input[name="asOf"]'), true, 'nor a date to see them on');
  assert.match(await page.textContent('#who'), /Nora Nobody \(no role\)/);
  assert.equal(await page.isVisible('#no-role-sign-out'), true);
  // The API says the same: who she is, and a 403 in plain words from anything else.
  assert.deepEqual((await fromPage(page, '/api/me')).body.roles, []);
  const refused = await fromPage(page, '/api/portfolio');
  assert.equal(refused.status, 403);
  assert.equal(refused.body.title, 'Signed in, but without a role here');
  assert.deepEqual(errors.filter((error) => !/status of 40[13]/.test(error)), []);
  await context.close();
});

test('a sign-in that did not complete is said so in plain words on the sign-in page', async () => {
  const { context, page } = await freshBrowser();
  // The provider's answer the server cannot match to a sign-in it started: it sends the browser to /?signin=failed.
  await page.goto(`${base}/signin-oidc/pirkanmaa?code=made-up&state=made-up`);
  await page.waitForSelector('[data-signin-failed]');
  assert.match(await page.textContent('[data-signin-failed]'), /Signing in did not complete.*try again/);
  assert.equal(new URL(page.url()).search, '', 'the address is left clean for the next try');
  assert.ok(await page.isVisible('[data-signin="pirkanmaa"]'));
  await context.close();
});

test("after the provider's signing key is rotated, people still sign in", async (t) => {
  // Signed in before: the API holds the provider's keys of then.
  const earlier = await signIn('chris');
  await earlier.page.waitForSelector('main h2');

  const rotated = await fetch(`${control}/providers/pirkanmaa/rotate`, { method: 'POST' });
  assert.equal(rotated.status, 200);
  const { kid } = await rotated.json();
  const started = Date.now();

  // The API fetches the provider's keys again when a token names a key it does not know (API.md: a rotated key is
  // accepted within a minute). Meanwhile an attempt may not complete: then the page says so, and trying again works.
  const { context, page, errors } = await signIn('paula', '#/organisations');
  const outcome = () => Promise.race([
    page.waitForSelector('#who [data-person]').then(() => 'signed in'),
    page.waitForSelector('[data-signin-failed]').then(() => 'failed'),
  ]);
  const attempts = [await outcome()];
  while (attempts.at(-1) === 'failed' && Date.now() - started < 60_000) {
    assert.match(await page.textContent('[data-signin-failed]'), /did not complete.*try again/);
    await page.waitForTimeout(2_000);
    await throughProvider(page, 'paula');
    attempts.push(await outcome());
  }
  assert.equal(attempts.at(-1), 'signed in', `signed in with the new key ${kid} within a minute: ${attempts}`);
  if (attempts.length > 1) t.diagnostic(`signing in after the rotation: ${attempts.join(', ')}`);
  assert.match(await page.textContent('#who'), /Paula Pirkanmaa/);
  assert.deepEqual(errors.filter((error) => !/status of 401/.test(error)), []);
  await context.close();

  // The session from before the rotation goes on.
  await earlier.page.goto(`${base}/#/organisations`);
  await earlier.page.waitForSelector('tr[data-organisation-id]');
  await earlier.context.close();
});

test("signing out ends the session here and at the provider, after the provider's own confirmation", async () => {
  const { context, page, errors } = await signIn('paula', '#/organisations');
  await page.waitForSelector('tr[data-organisation-id]');
  const cookie = await sessionCookie(context);
  const withOldCookie = () => fetch(`${base}/api/me`, { headers: { Cookie: `${cookie.name}=${cookie.value}` } });
  assert.equal((await withOldCookie()).status, 200, 'the cookie is the session');

  await leaving(page, () => page.click('#sign-out'));
  await page.waitForSelector('button[name="logout"]');
  assert.notEqual(new URL(page.url()).origin, base, 'at the provider');
  await leaving(page, () => page.click('button[name="logout"]'));
  assert.equal(new URL(page.url()).origin, base, 'and back');
  await page.waitForSelector('[data-signin="pirkanmaa"]');
  assert.equal(await sessionCookie(context), undefined, 'the browser holds no session');
  assert.equal((await withOldCookie()).status, 401, 'the old session cookie is no longer a session');

  // Signed out at the provider too: signing in again asks for the login.
  await leaving(page, () => page.click('[data-signin="pirkanmaa"]'));
  assert.ok(await page.isVisible('input[name="login"]'), 'the provider asks who is signing in');
  assert.deepEqual(errors.filter((error) => !/status of 401/.test(error)), []);
  await context.close();
});

test('when the session is over, the next page asks to sign in again', async () => {
  const { context, page } = await signIn('chris', '#/organisations');
  await page.waitForSelector('tr[data-organisation-id]');
  await context.clearCookies({ name: 'transfer.session' });
  await page.click('tr[data-organisation-id="837"] a');
  await page.waitForSelector('[data-signin="pirkanmaa"]');
  assert.match(await page.textContent('.sign-in'), /session has ended/);
  assert.equal(await page.isHidden('#sign-out'), true);
  await context.close();
});
