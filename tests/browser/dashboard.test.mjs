// The dashboard in a real browser (Debian's Chromium, headless), against an API that scripts/test.sh
// starts with the demo data set. Each test checks what a chair would see against what the API says.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const base = process.env.TRANSFER_URL;
const chairToken = process.env.TRANSFER_CHAIR_TOKEN;
const auditorToken = process.env.TRANSFER_AUDITOR_TOKEN;
const pmoToken = process.env.TRANSFER_PMO_TOKEN;
const nationalToken = process.env.TRANSFER_NATIONAL_TOKEN;
assert.ok(base && chairToken && auditorToken && pmoToken && nationalToken, 'run through scripts/test.sh, which starts the API and mints the tokens');

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // The machine's network is closed: no background connections, no sandbox as root.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(() => browser?.close());

/**
 * A fresh page at a laptop's size, signed in with the token (or not), that records console errors. In
 * English unless another language is asked for (null: as a first visit, in the default Finnish).
 */
async function open(route, token = chairToken, language = 'en') {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  if (token) await page.addInitScript((t) => sessionStorage.setItem('transfer.token', t), token);
  if (language) await page.addInitScript((l) => { if (!localStorage.getItem('transfer.lang')) localStorage.setItem('transfer.lang', l); }, language);
  await page.goto(`${base}/${route}`);
  return { page, errors };
}

async function api(path, token = chairToken) {
  const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, `${path} answered ${response.status}`);
  return response.json();
}

/** Organisation id → colour, as the municipality board on the page shows it. */
async function boardOnPage(page) {
  await page.waitForSelector('tr[data-organisation-id]');
  return page.$$eval('tr[data-organisation-id]', (rows) =>
    Object.fromEntries(rows.map((row) => [row.dataset.organisationId, row.querySelector('td:nth-child(2) [data-rag]').dataset.rag])));
}

const boardFromApi = async (asOf) =>
  Object.fromEntries((await api(`/api/organisations/status${asOf ? `?asOf=${asOf}` : ''}`)).map((o) => [o.id, o.rag]));

test('the municipality board shows every organisation in the colour the API gives it, in words too', async () => {
  const { page, errors } = await open('#/organisations?asOf=2022-02-01');
  const shown = await boardOnPage(page);
  const expected = await boardFromApi('2022-02-01');

  assert.equal(Object.keys(shown).length, 25);
  assert.deepEqual(shown, expected);
  assert.equal(shown['837'], 'red', "Tampere's contracts were about a week late on 1.2.2022");
  // Nothing depends on colour alone: every colour is also written out.
  const tampere = await page.textContent('tr[data-organisation-id="837"] td:nth-child(2)');
  assert.match(tampere, /Red/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('choosing a past date re-renders the board as it was on that date', async () => {
  const { page, errors } = await open('#/organisations');
  assert.deepEqual(await boardOnPage(page), await boardFromApi(''));

  await page.fill('input[name="asOf"]', '2022-02-01');
  await page.dispatchEvent('input[name="asOf"]', 'change');
  await page.waitForSelector('h2:has-text("as of 2022-02-01")');
  const past = await boardOnPage(page);

  assert.deepEqual(past, await boardFromApi('2022-02-01'));
  assert.notDeepEqual(past, await boardFromApi(''), 'the demo board differs between 1.2.2022 and today');
  assert.match(page.url(), /asOf=2022-02-01/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a chair drills down from the portfolio to a group, a workstream and a municipality', async () => {
  const { page, errors } = await open('#/?asOf=2022-02-01');
  await page.click('a:has-text("Hallinnon ja järjestämisen jaosto")');
  await page.waitForSelector('tr[data-workstream-id="sopimusten-siirrot"]');
  // The group page shows the overall colour, progress, and each assessment part some workstream of the group has.
  const parts = await page.$$eval('tr[data-workstream-id="sopimusten-siirrot"] [data-rag]', (cells) => cells.map((c) => c.dataset.rag));
  const sopimukset = await api('/api/workstreams/sopimusten-siirrot?asOf=2022-02-01');
  const group = await api('/api/working-groups/hallinto/status?asOf=2022-02-01');
  const shown = ['deliverables', 'schedule', 'cost', 'benefits', 'risk'].filter((part) => group.workstreams.some((w) => w[part] !== 'none'));
  assert.deepEqual(parts, [sopimukset.rag.overall, sopimukset.rag.progress, ...shown.map((part) => sopimukset.rag[part])]);

  await page.click('a:has-text("Sopimusten siirrot")');
  await page.waitForSelector('h3:has-text("Targets")');
  const tampereTarget = await page.getAttribute('tr[data-organisation-id="837"] [data-rag]', 'data-rag');
  assert.equal(tampereTarget, sopimukset.targets.find((t) => t.organisationId === '837').rag);
  assert.ok(await page.isVisible('td:has-text("Hieman yli 1 700 sopimusta")'), 'the latest assessment rationale is shown');

  await page.click('tr[data-organisation-id="837"] a');
  await page.waitForSelector('h2[data-organisation-id="837"]');
  assert.match(await page.textContent('h2'), /Tampere/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the history of a workstream is shown to auditors, not to chairs', async () => {
  const auditor = await open('#/workstreams/aluevaalien-suunnittelu-ja-toteuttaminen', auditorToken);
  await auditor.page.waitForSelector('h3:has-text("History")');
  assert.ok(await auditor.page.isVisible('td:has-text("Workstream registered")'), 'event types are named in words');
  assert.deepEqual(auditor.errors, []);
  await auditor.page.close();

  const chair = await open('#/workstreams/aluevaalien-suunnittelu-ja-toteuttaminen');
  await chair.page.waitForSelector('h3:has-text("Targets")');
  assert.equal(await chair.page.isVisible('h3:has-text("History")'), false);
  assert.deepEqual(chair.errors, []);
  await chair.page.close();
});

test("a long history is read a page at a time, and filtered by what happened", async () => {
  const { page, errors } = await open('#/workstreams/sopimusten-siirrot', auditorToken);
  await page.waitForSelector('tr[data-sequence]');
  const first = await page.$$eval('tr[data-sequence]', (rows) => rows.map((row) => Number(row.dataset.sequence)));
  assert.equal(first.length, 50, 'one page of fifty, not the whole history');

  await page.click('[data-next-page]');
  await page.waitForFunction((last) => Number(document.querySelector('tr[data-sequence]')?.dataset.sequence) > last, first.at(-1));
  const second = await page.$$eval('tr[data-sequence]', (rows) => rows.map((row) => Number(row.dataset.sequence)));
  assert.ok(second[0] > first.at(-1), 'the next page starts after the first');

  await page.selectOption('#history-type', 'TargetsSet');
  await page.click('#history-filter button[type="submit"]');
  await page.waitForFunction(() => location.hash.includes('type=TargetsSet'));
  await page.waitForFunction(() => [...document.querySelectorAll('tr[data-sequence] td:nth-child(2)')].every((cell) => cell.textContent === 'Targets set'));
  const targets = await api('/api/audit/events?workstreamId=sopimusten-siirrot&type=TargetsSet', auditorToken);
  assert.equal(await page.$$eval('tr[data-sequence]', (rows) => rows.length), targets.events.length);

  // By the date recorded, in the Finnish form, as Helsinki's days: what the event log gives for the same day.
  await page.selectOption('#history-type', '');
  await page.fill('#history-from', '2.11.2021');
  await page.fill('#history-to', '2.11.2021');
  await page.click('#history-filter button[type="submit"]');
  await page.waitForFunction(() => location.hash.includes('recordedFrom=2021-11-02') && location.hash.includes('recordedTo=2021-11-02'));
  const day = await api(`/api/audit/events?workstreamId=sopimusten-siirrot&limit=50&from=${encodeURIComponent('2021-11-02T00:00:00+02:00')}&to=${encodeURIComponent('2021-11-03T00:00:00+02:00')}`, auditorToken);
  assert.ok(day.events.length > 0);
  await page.waitForFunction((first) => document.querySelector('tr[data-sequence]')?.dataset.sequence === String(first), day.events[0].sequence);
  assert.deepEqual(await page.$$eval('tr[data-sequence]', (rows) => rows.map((row) => Number(row.dataset.sequence))), day.events.map((e) => e.sequence));
  assert.deepEqual(errors, []);
  await page.close();
});

test('what changed between two dates lists the colour changes and why, each cause leading to its events in the history', async () => {
  const { page, errors } = await open('#/changes?from=2022-01-17&to=2022-02-01', auditorToken);
  await page.waitForSelector('h3:has-text("Organisations that changed colour")');
  const changes = await api('/api/changes?from=2022-01-17&to=2022-02-01');
  const shown = (section) => page.$$eval(`h3:has-text("${section}") + table tr[data-changed-id]`, (rows) => rows.map((r) => r.dataset.changedId));
  assert.deepEqual(await shown('Organisations'), changes.organisations.map((o) => o.id));
  assert.deepEqual(await shown('Workstreams'), changes.workstreams.map((w) => w.id));
  // The organisations are those whose colour differs between the two boards.
  const before = await boardFromApi('2022-01-17');
  const afterwards = await boardFromApi('2022-02-01');
  assert.deepEqual(changes.organisations.map((o) => o.id).sort(), Object.keys(afterwards).filter((id) => afterwards[id] !== before[id]).sort());

  // Why the contracts turned red: the items posted, counted by organisation, and the due date passing.
  const contracts = changes.workstreams.find((w) => w.id === 'sopimusten-siirrot');
  const row = 'h3:has-text("Workstreams") + table tr[data-changed-id="sopimusten-siirrot"]';
  const causes = await page.$$eval(`${row} li[data-cause]`, (items) => items.map((item) => item.dataset.cause));
  assert.equal(causes.filter((cause) => cause === 'ContractTransferred').length, contracts.causes.posted.length);
  assert.equal(causes.includes('DueDatePassed'), contracts.causes.dueDatePassed);
  assert.ok(contracts.causes.dueDatePassed, 'the due date 31.1.2022 lies in the window');
  const most = [...contracts.causes.posted].sort((a, b) => b.count - a.count)[0];
  assert.match(await page.textContent(`${row} li[data-cause="ContractTransferred"]`), new RegExp(`^${most.count} contracts transferred`));

  await page.click(`${row} li[data-cause="ContractTransferred"] a`);
  await page.waitForSelector('tr[data-sequence]');
  assert.equal(Number(await page.getAttribute('tr[data-sequence]', 'data-sequence')), most.firstSequence, 'the history opens at the first of them');
  assert.ok((await page.$$eval('tr[data-sequence] td:nth-child(2)', (cells) => cells.map((c) => c.textContent))).every((text) => text === 'Contract transferred'));
  assert.deepEqual(errors, []);
  await page.close();

  // Without dates: the last two weeks, or, when nothing is dated in them, the two weeks up to the last day anything is.
  const defaults = await open('#/changes');
  await defaults.page.waitForSelector('h3:has-text("Workstreams that changed colour")');
  const widened = await api('/api/changes');
  assert.equal(await defaults.page.isVisible('[data-widened]'), widened.widened);
  assert.equal(await defaults.page.inputValue('#to'), widened.to);
  assert.deepEqual(defaults.errors, []);
  await defaults.page.close();
});

test("a workstream's burn-up charts each target week by week as the API's series gives it, with the PMO's decisions marked", async () => {
  const { page, errors } = await open('#/workstreams/sopimusten-siirrot?asOf=2022-02-01');
  await page.waitForSelector('[data-chart="burn-up"] figure');
  const series = await api('/api/workstreams/sopimusten-siirrot/series?to=2022-02-01');
  const last = series.points.at(-1);
  assert.equal(last.asOf, '2022-02-01');
  const charts = await page.$$eval('[data-chart="burn-up"] figure[data-target]', (figures) => figures.map((f) => ({
    target: f.dataset.target, done: f.dataset.done, expected: f.dataset.expected, points: f.querySelector('polyline.done').getAttribute('points').split(' ').length,
  })));
  assert.equal(charts.length, last.targets.length);
  for (const target of last.targets) {
    const chart = charts.find((c) => c.target === `${target.organisationId ?? ''}|${target.kind}`);
    assert.ok(chart, `a chart for ${target.organisationId}`);
    assert.deepEqual([chart.done, chart.expected], [String(target.done), String(target.expected)]);
    assert.equal(chart.points, series.points.filter((p) => p.targets.some((t) => t.organisationId === target.organisationId && t.kind === target.kind)).length);
  }
  assert.ok(series.marks.length > 0);
  assert.deepEqual(await page.$$eval('[data-chart="burn-up"] .marks li', (items) => items.map((item) => Number(item.dataset.sequence))), series.marks.map((m) => m.sequence));
  assert.match(await page.textContent('[data-chart="burn-up"] .marks'), /assessed/);
  // Nothing only in the picture: each chart has its numbers in a table.
  assert.equal(await page.$$eval('[data-chart="burn-up"] figure table tbody tr', (rows) => rows.length) > 0, true);
  assert.deepEqual(errors, []);
  await page.close();
});

test("an organisation's colour strip is its board week by week, each workstream's row as the API's series gives it", async () => {
  const { page, errors } = await open('#/organisations/837?asOf=2022-02-01');
  await page.waitForSelector('[data-chart="colour-strip"] .strip-row');
  const series = await api('/api/organisations/837/series?to=2022-02-01');
  const rows = await page.$$eval('[data-chart="colour-strip"] .strip-row', (divs) =>
    divs.map((div) => [div.dataset.workstreamId ?? '', [...div.querySelectorAll('rect')].map((r) => r.getAttribute('class').replace('bar-', ''))]));
  assert.deepEqual(rows, [['', series.points.map((p) => p.rag)], ...series.workstreams.map((w) => [w.id, w.points.map((p) => p.rag)])]);
  assert.equal(series.points.at(-1).rag, (await api('/api/organisations/837/status?asOf=2022-02-01')).rag);
  assert.match(await page.textContent('[data-chart="colour-strip"] figcaption'), /week by week/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('without a token, or with an expired one, the dashboard asks the chair to sign in', async () => {
  const { page } = await open('#/organisations', null);
  await page.waitForSelector('form#sign-in-form');
  await page.fill('textarea[name="token"]', chairToken);
  await page.click('button:has-text("Show the boards")');
  assert.equal(Object.keys(await boardOnPage(page)).length, 25);
  await page.close();

  const expired = await open('#/organisations', 'not.a.token');
  await expired.page.waitForSelector('form#sign-in-form');
  assert.match(await expired.page.textContent('.sign-in'), /not accepted/);
  await expired.page.close();
});

test('the boards work from the keyboard', async () => {
  const { page, errors } = await open('#/organisations?asOf=2022-02-01');
  await boardOnPage(page);
  await page.focus('tr[data-organisation-id="837"] a');
  await page.keyboard.press('Enter');
  await page.waitForSelector('h2[data-organisation-id="837"]');
  // The page fits a 1366 × 768 laptop without sideways scrolling.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 1366));
  assert.deepEqual(errors, []);
  await page.close();
});

/**
 * Opens a page and lists the API requests it makes for its board until the network is quiet (path and
 * query, in order). Left out: who is signed in and the header's county name (each asked once per token),
 * and the change stream (one per tab, open while the tab is), none of them per board.
 */
async function apiRequestsOf(route, ready) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const requests = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/') && !['/api/me', '/api/counties', '/api/boards/changes'].includes(url.pathname)) requests.push(`${url.pathname}${url.search}`);
  });
  await page.addInitScript((t) => sessionStorage.setItem('transfer.token', t), chairToken);
  await page.addInitScript(() => localStorage.setItem('transfer.lang', 'en'));
  await page.goto(`${base}/${route}`);
  await page.waitForSelector(ready);
  // The change stream stays open, so the network is never idle: wait for the page's first change instead.
  await page.waitForSelector('#updated[data-sequence]');
  return { page, requests };
}

test('a board as known at a past meeting asks the API for that knownAt, shows what it gives, and its links keep it', async () => {
  const knownAt = '2022-01-17T09:00:00+02:00';
  const query = new URLSearchParams({ asOf: '2022-01-17', knownAt });
  const { page, requests } = await apiRequestsOf(`#/organisations?${query}`, 'tr[data-organisation-id]');
  assert.deepEqual(requests.sort(), [`/api/organisations/series?to=2022-01-17&knownAt=${encodeURIComponent(knownAt)}`, `/api/organisations/status?${query}`]);
  const expected = Object.fromEntries((await api(`/api/organisations/status?${query}`)).map((o) => [o.id, o.rag]));
  assert.deepEqual(await boardOnPage(page), expected);
  assert.match(await page.textContent('main h2'), /as known at/);
  const href = await page.getAttribute('tr[data-organisation-id="837"] td:first-child a', 'href');
  assert.equal(new URLSearchParams(href.split('?')[1]).get('knownAt'), knownAt, 'the organisation\'s page is the same meeting\'s');
  await page.close();
});

test('the municipality board is one request and one for its trend, and its squares are the colours of each organisation\'s own board', async () => {
  const { page, requests } = await apiRequestsOf('#/organisations?asOf=2022-02-01', 'tr[data-organisation-id]');
  assert.deepEqual(requests.sort(), ['/api/organisations/series?to=2022-02-01', '/api/organisations/status?asOf=2022-02-01']);

  // The trend column: the last eight weeks of each organisation, as the API's series gives them, the last of them this board.
  const trend = await api('/api/organisations/series?to=2022-02-01');
  const board = await boardFromApi('2022-02-01');
  for (const row of trend) {
    const cells = await page.$$eval(`tr[data-organisation-id="${row.id}"] [data-trend] .cell`, (spans) => spans.map((s) => s.dataset.rag));
    assert.deepEqual(cells, row.points.map((p) => p.rag), row.id);
    assert.equal(cells.length, 8);
    assert.equal(cells.at(-1), board[row.id], row.id);
  }

  for (const id of ['837', 'pshp']) {
    const shown = await page.$$eval(`tr[data-organisation-id="${id}"] .glance [data-rag]`, (cells) =>
      cells.map((c) => [decodeURIComponent(c.getAttribute('href').split('/')[2].split('?')[0]), c.dataset.rag]));
    const board = await api(`/api/organisations/${id}/status?asOf=2022-02-01`);
    assert.ok(board.workstreams.length > 0);
    assert.deepEqual(shown, board.workstreams.map((w) => [w.id, w.rag]));
  }
  await page.close();
});

test('a working group is one request, and shows all six parts of each workstream as the workstream view does', async () => {
  const { page, requests } = await apiRequestsOf('#/working-groups/hallinto?asOf=2022-02-01', 'tr[data-workstream-id]');
  assert.deepEqual(requests, ['/api/working-groups/hallinto/status?asOf=2022-02-01']);

  const rows = await page.$$eval('tr[data-workstream-id]', (trs) =>
    trs.map((tr) => [tr.dataset.workstreamId, [...tr.querySelectorAll('[data-rag]')].map((c) => c.dataset.rag), tr.lastElementChild.textContent.trim()]));
  const group = await api('/api/working-groups/hallinto/status?asOf=2022-02-01');
  assert.equal(rows.length, group.workstreams.length);
  // A few of them against the workstream view itself: the six parts, and done of expected.
  // The assessment parts no workstream of the group has are left out of the table.
  const shown = ['deliverables', 'schedule', 'cost', 'benefits', 'risk'].filter((part) => group.workstreams.some((w) => w[part] !== 'none'));
  for (const [id, parts, done] of [rows[0], rows.find(([id]) => id === 'sopimusten-siirrot'), rows.at(-1)]) {
    const w = await api(`/api/workstreams/${encodeURIComponent(id)}?asOf=2022-02-01`);
    assert.deepEqual(parts, [w.rag.overall, w.rag.progress, ...shown.map((part) => w.rag[part])], id);
    const expected = w.targets.reduce((sum, t) => sum + t.expected, 0);
    const doneOfExpected = w.targets.reduce((sum, t) => sum + Math.min(t.done, t.expected), 0);
    assert.equal(done, expected === 0 ? 'no targets' : `${doneOfExpected} of ${expected} (${Math.round((100 * doneOfExpected) / expected)} %)`, id);
  }
  await page.close();
});

test('the portfolio is one request, with each section linked at its working-group address', async () => {
  const { page, requests } = await apiRequestsOf('#/?asOf=2022-02-01', 'tr[data-working-group-id]');
  // The board, and one request for its chart.
  assert.deepEqual(requests.sort(), ['/api/portfolio/series?to=2022-02-01', '/api/portfolio?asOf=2022-02-01']);

  // The chart: a week's bar holds the counts the portfolio board gives for that day.
  const series = await api('/api/portfolio/series?to=2022-02-01');
  assert.equal(await page.$$eval('[data-chart="portfolio-counts"] g[data-as-of]', (bars) => bars.length), series.length);
  const last = series.at(-1);
  const onDay = await api(`/api/portfolio?asOf=${last.asOf}`);
  assert.deepEqual(last.counts, onDay.counts);
  const bar = await page.$eval(`[data-chart="portfolio-counts"] g[data-as-of="${last.asOf}"]`,
    (g) => ({ red: Number(g.dataset.red), amber: Number(g.dataset.amber), green: Number(g.dataset.green), none: Number(g.dataset.none) }));
  assert.deepEqual(bar, onDay.counts);
  assert.match(await page.textContent('[data-chart="portfolio-counts"] figcaption'), /week by week/);
  const vate = await api('/api/working-groups/vate/status?asOf=2022-02-01');
  const shown = await page.$$eval('tr[data-working-group-id]', (trs) => trs.map((tr) => [tr.dataset.workingGroupId, tr.querySelector('[data-rag]').dataset.rag]));
  assert.deepEqual(shown, vate.groups.map((g) => [g.id, g.rag]));
  assert.match(await page.getAttribute('tr[data-working-group-id="hallinto"] a', 'href'), /^#\/working-groups\/hallinto\?asOf=2022-02-01$/);
  await page.close();

  // An address from before, #/groups/{id}, still opens the group.
  const old = await apiRequestsOf('#/groups/hallinto?asOf=2022-02-01', 'tr[data-workstream-id]');
  assert.deepEqual(old.requests, ['/api/working-groups/hallinto/status?asOf=2022-02-01']);
  await old.page.close();
});

test("a county's chair sees the county's name; the national role sees every county and goes to one's boards", async () => {
  const chair = await open('#/');
  await chair.page.waitForSelector('main h2');
  assert.equal((await chair.page.textContent('#county')).trim(), 'Pirkanmaan hyvinvointialue');
  // Beside it, who the token names and in what role, as GET /api/me says.
  assert.equal((await chair.page.textContent('#who')).trim(), 'Browser test chair (chair)');
  assert.deepEqual(chair.errors, []);
  await chair.page.close();

  const { page, errors } = await open('#/?asOf=2022-02-01', nationalToken);
  await page.waitForSelector('tr[data-county-id]');
  const national = await api('/api/national/status?asOf=2022-02-01', nationalToken);
  const shown = await page.$$eval('tr[data-county-id]', (rows) =>
    Object.fromEntries(rows.map((row) => [row.dataset.countyId, row.querySelector('[data-rag]').dataset.rag])));
  assert.deepEqual(shown, Object.fromEntries(national.counties.map((c) => [c.id, c.rag])));
  assert.deepEqual(Object.keys(shown), ['kanta-hame', 'pirkanmaa']);

  // Kanta-Häme's row leads to Kanta-Häme's portfolio, named in the header, as of the same date.
  await page.click('tr[data-county-id="kanta-hame"] a');
  await page.waitForFunction(() => document.querySelector('main h2')?.textContent.startsWith('Portfolio'));
  assert.match(page.url(), /county=kanta-hame/);
  assert.match((await page.textContent('#county')), /Kanta-Hämeen hyvinvointialue/);
  const portfolio = await api('/api/portfolio?asOf=2022-02-01&county=kanta-hame', nationalToken);
  assert.equal(await page.$$eval('main tr[data-working-group-id]', (rows) => rows.length), portfolio.groups.flatMap((g) => g.groups).length);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the PMO checks a file row by row, then imports it; chairs are not offered the import', async () => {
  const chair = await open('#/');
  await chair.page.waitForSelector('main h2');
  assert.equal(await chair.page.isHidden('#import-link'), true);
  await chair.page.close();

  const { page, errors } = await open('#/import', pmoToken);
  await page.waitForSelector('#import-form');
  assert.equal(await page.isVisible('#import-link'), true, 'the PMO is offered the import');
  await page.selectOption('#import-kind', 'contracts');
  const file = (rows) => ({ name: 'sopimukset.csv', mimeType: 'text/csv', buffer: Buffer.from(`workstreamId;organisationId;contractRef;occurredOn\n${rows}`) });

  await page.setInputFiles('#import-file', file('sopimusten-siirrot;837;SELAIN-1;20.1.2022\nsopimusten-siirrot;999;SELAIN-2;20.1.2022\n'));
  await page.click('button[value="check"]');
  await page.waitForSelector('[data-import-outcome="refused"]');
  assert.match(await page.textContent('tr[data-row="3"]'), /organisationId.*There is no organisation '999'/);
  assert.equal(await page.$$eval('tr[data-row]', (rows) => rows.length), 1, 'only row 3 is at fault');

  await page.setInputFiles('#import-file', file('sopimusten-siirrot;837;SELAIN-1;20.1.2022\n'));
  await page.click('button[value="check"]');
  await page.waitForSelector('[data-import-outcome="checked"]');
  await page.click('button[value="import"]');
  await page.waitForSelector('[data-import-outcome="imported"]');
  const importId = (await page.textContent('[data-import-outcome="imported"]')).match(/import ([0-9a-f]{32})/)[1];
  const log = await api(`/api/audit/events?importId=${importId}`, auditorToken);
  assert.deepEqual(log.events.map((e) => e.data.contractRef), ['SELAIN-1']);
  // The refused check's 400 is its answer; Chromium logs any 4xx response as a failed resource.
  assert.deepEqual(errors.filter((error) => !/status of 400/.test(error)), []);
  await page.close();
});

test('the dashboard is Finnish at first, with Finnish dates, and the switch to English is remembered', async () => {
  const { page, errors } = await open('#/organisations?asOf=2022-02-01', chairToken, null);
  await page.waitForSelector('tr[data-organisation-id="837"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'fi');
  assert.match(await page.textContent('main h2'), /Kuntien tilannekuva tilanne 1\.2\.2022/);
  assert.match(await page.textContent('tr[data-organisation-id="837"] td:nth-child(2)'), /Punainen/);
  assert.equal(await page.inputValue('input[name="asOf"]'), '1.2.2022');

  // The date control reads the Finnish form, and refuses what is no date without leaving the board.
  await page.fill('input[name="asOf"]', '15.1.2022');
  await page.dispatchEvent('input[name="asOf"]', 'change');
  await page.waitForFunction(() => location.hash.includes('asOf=2022-01-15'));
  await page.waitForFunction(() => document.querySelector('main h2')?.textContent.includes('15.1.2022'));
  await page.fill('input[name="asOf"]', '31.2.2022');
  await page.dispatchEvent('input[name="asOf"]', 'change');
  assert.equal(await page.getAttribute('input[name="asOf"]', 'aria-invalid'), 'true');
  assert.match(page.url(), /asOf=2022-01-15/);

  const toggle = page.locator('[data-lang-switch]');
  assert.equal((await toggle.textContent()).trim(), 'English');
  await toggle.click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  // The language is set at once; the board is then drawn again in it.
  await page.waitForFunction(() => document.querySelector('main h2')?.textContent.includes('Municipality board'));
  assert.match(await page.textContent('main h2'), /Municipality board as of 2022-01-15/);
  assert.equal((await toggle.textContent()).trim(), 'Suomi');
  await page.reload();
  await page.waitForSelector('tr[data-organisation-id]');
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice is remembered');
  assert.equal(await page.inputValue('input[name="asOf"]'), '15.1.2022', 'the control writes the Finnish form in English too');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a board downloads as the Excel workbook the API gives, and prints as an A4 page saying its date', async () => {
  const { page, errors } = await open('#/working-groups/hallinto?asOf=2022-02-01');
  await page.waitForSelector('tr[data-workstream-id]');
  assert.match(await page.textContent('thead'), /Due/, 'the group shows due dates');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download]')]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const bytes = await (await import('node:fs/promises')).readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a workbook (a zip)');

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.print-only'), true);
  assert.match(await page.textContent('.print-only'), /As of 2022-02-01/);
  assert.equal(await page.isVisible('header nav'), false);
  assert.equal(await page.isVisible('[data-download]'), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an auditor downloads an evidence bundle of the whole log from the dashboard, and its verify.py verifies it', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  // The PMO seals the log now, so the page shows a checkpoint without waiting for the schedule.
  const pmo = await open('#/evidence', pmoToken);
  await pmo.page.waitForSelector('#seal-now');
  await pmo.page.click('#seal-now');
  await pmo.page.waitForSelector('[data-checkpoint-size]');
  await pmo.page.close();

  const { page, errors } = await open('#/evidence', auditorToken);
  await page.waitForSelector('[data-checkpoint-size]');
  assert.equal(await page.isVisible('#evidence-link'), true, 'the header offers the page to an auditor');
  assert.equal(await page.isVisible('#seal-now'), false, 'sealing is the PMO\'s');
  const keys = await api('/api/audit/public-key', auditorToken);
  assert.match(await page.textContent(`tr[data-key-id="${keys[0].keyId}"]`), new RegExp(keys[0].fingerprint));
  // A date that is no date is refused on the spot, rather than quietly downloading the whole log.
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.fill('#evidence-from', '31.2.2022');
  await page.click('#evidence-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('evidence-result').textContent.trim() !== '');
  assert.equal(await page.textContent('#evidence-result'), 'Write the date as 1.2.2022.');
  await page.waitForTimeout(500);
  assert.equal(downloads, 0, 'nothing was downloaded');
  await page.fill('#evidence-from', '');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#evidence-form button[type=submit]')]);
  assert.match(download.suggestedFilename(), /^transfer-evidence-pirkanmaa-.*\.zip$/);

  const folder = await mkdtemp(join(tmpdir(), 'transfer-evidence-'));
  try {
    execFileSync('python3', ['-m', 'zipfile', '-e', await download.path(), folder]);
    const pinned = join(folder, 'published-key.pem');
    await (await import('node:fs/promises')).writeFile(pinned, keys.map((key) => key.publicKey).join('\n') + '\n');
    const output = execFileSync('python3', ['verify.py', '--public-key', pinned, '--origin', 'transfer/pirkanmaa'], { cwd: folder, encoding: 'utf8' });
    assert.match(output, /verified\s*$/);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('an open board follows a new event within seconds, and says when it last changed', async () => {
  const { page, errors } = await open('#/organisations/837?asOf=2022-02-01');
  await page.waitForSelector('#updated[data-sequence]');
  const before = Number(await page.getAttribute('#updated', 'data-sequence'));
  const targetsBefore = await page.textContent('tr[data-workstream-id="sopimusten-siirrot"]');

  const response = await fetch(`${base}/api/workstreams/sopimusten-siirrot/contracts`, {
    method: 'POST', headers: { Authorization: `Bearer ${pmoToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ organisationId: '837', contractRef: 'LIVE-1', occurredOn: '2022-01-20' }),
  });
  assert.equal(response.status, 201);

  await page.waitForFunction((b) => Number(document.querySelector('#updated')?.dataset.sequence) > b, before, { timeout: 10_000 });
  await page.waitForFunction((old) => document.querySelector('tr[data-workstream-id="sopimusten-siirrot"]')?.textContent !== old, targetsBefore, { timeout: 10_000 });
  assert.match(await page.textContent('#updated'), /Last change/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a chair follows a workstream from its page and reads in the inbox why it turned red, then stops following', async () => {
  const group = await api('/api/working-groups/hallinto/status');
  const calm = group.workstreams.find((w) => w.rag !== 'red');
  assert.ok(calm, 'a workstream of the group not red today');
  const { page, errors } = await open(`#/workstreams/${encodeURIComponent(calm.id)}`);
  await page.waitForSelector('#follow-form');
  await page.selectOption('#follow-trigger', 'turns-red');
  await page.click('#follow-form button[type="submit"]');
  await page.waitForSelector('#follow-result a[href^="#/notifications"]');

  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
  const response = await fetch(`${base}/api/workstreams/${encodeURIComponent(calm.id)}/assessments`, {
    method: 'POST', headers: { Authorization: `Bearer ${pmoToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ dimension: 'risk', rag: 'red', rationale: 'Toimittaja ei vastaa', occurredOn: today }),
  });
  assert.equal(response.status, 201);

  let told = [];
  for (let waited = 0; told.length === 0 && waited < 15_000; waited += 250) {
    told = (await api('/api/notifications')).filter((n) => n.scopeId === calm.id);
    if (told.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.equal(told.length, 1, 'told once');
  await page.goto(`${base}/#/notifications`);
  await page.waitForSelector(`li[data-notification-id="${told[0].id}"]`);
  const shown = await page.textContent(`li[data-notification-id="${told[0].id}"]`);
  assert.ok(shown.includes(calm.name) && shown.includes('Toimittaja ei vastaa'), 'the notification names the workstream and why');

  const subscription = (await api('/api/subscriptions')).find((s) => s.scopeId === calm.id);
  await page.click(`tr[data-subscription-id="${subscription.id}"] [data-unsubscribe]`);
  await page.waitForSelector(`tr[data-subscription-id="${subscription.id}"]`, { state: 'detached' });
  assert.ok(!(await api('/api/subscriptions')).some((s) => s.scopeId === calm.id), 'no longer followed');
  assert.deepEqual(errors, []);
  await page.close();
});

// Kept for people to look at after a run (scripts/test.sh: TestResults/screenshots): every page as a chair, the PMO or an
// auditor sees it, in Finnish, and the printed boards as PDF.
const keep = process.env.TRANSFER_SCREENSHOTS;

test('printed, a board is A4 pages one page wide, charts and all', async () => {
  const fs = await import('node:fs/promises');
  if (keep) await fs.mkdir(keep, { recursive: true });
  for (const [name, route, ready] of [
    ['municipality-board', '#/organisations?asOf=2022-02-01', '[data-trend]'],
    ['workstream', '#/workstreams/sopimusten-siirrot?asOf=2022-02-01', '[data-chart="burn-up"] figure'],
    ['organisation', '#/organisations/837?asOf=2022-02-01', '[data-chart="colour-strip"]'],
    ['changes', '#/changes?from=2022-01-17&to=2022-02-01', 'tr[data-changed-id]'],
  ]) {
    const { page, errors } = await open(route, chairToken, null);
    await page.waitForSelector(ready);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    if (keep) await fs.writeFile(`${keep}/print-${name}.pdf`, pdf);
    const pages = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.ok(pages.length > 0, `${name}: a PDF with pages`);
    for (const [width, height] of pages) assert.ok(Math.abs(width - 595) < 3 && Math.abs(height - 842) < 3, `${name}: an A4 page, not ${width} × ${height}`);
    // One page wide: laid out for print at the width inside the A4 margins (186 mm, 703 CSS pixels), nothing sticks out.
    await page.setViewportSize({ width: 703, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 704, `${name}: ${wide} px wide in print, wider than the page`);
    assert.deepEqual(errors, [], name);
    await page.close();
  }
});

test('every page renders without an error, in Finnish, and is kept as a screenshot', async () => {
  for (const [name, route, token, ready] of [
    ['portfolio', '#/?asOf=2022-02-01', chairToken, '[data-chart="portfolio-counts"]'],
    ['municipality-board', '#/organisations?asOf=2022-02-01', chairToken, '[data-trend]'],
    ['organisation', '#/organisations/837?asOf=2022-02-01', chairToken, '[data-chart="colour-strip"]'],
    ['working-group', '#/working-groups/hallinto?asOf=2022-02-01', chairToken, 'tr[data-workstream-id]'],
    ['workstream', '#/workstreams/sopimusten-siirrot?asOf=2022-02-01', auditorToken, 'tr[data-sequence]'],
    ['changes', '#/changes?from=2022-01-17&to=2022-02-01', chairToken, 'tr[data-changed-id]'],
    ['import', '#/import', pmoToken, '#import-form'],
    ['national', '#/national', nationalToken, 'tr[data-county-id]'],
    ['notifications', '#/notifications', chairToken, 'main h2'],
    ['evidence', '#/evidence', auditorToken, 'main h2'],
    ['sign-in', '#/', null, '#sign-in-form'],
  ]) {
    const { page, errors } = await open(route, token, null);
    await page.waitForSelector(ready);
    assert.equal(await page.getAttribute('html', 'lang'), 'fi', name);
    if (keep) await page.screenshot({ path: `${keep}/${name}.png`, fullPage: true });
    assert.deepEqual(errors, [], name);
    await page.close();
  }
});

// Last, because it records an organisation and an assessment the boards above do not expect.
test('names, rationales and page addresses are shown as text: no markup from them reaches the page, no script runs', async () => {
  const attack = (n) => `<img src=x onerror="window.__attacked=${n}"><script>window.__attacked=${n}</script>`;
  const post = async (path, body) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST', headers: { Authorization: `Bearer ${pmoToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    assert.equal(response.status, 201, `${path} answered ${response.status}`);
  };
  await post('/api/organisations', { id: 'hostile', name: attack(1), kind: 'municipality' });
  await post('/api/workstreams/sopimusten-siirrot/assessments', { dimension: 'risk', rag: 'amber', rationale: attack(2), occurredOn: '2022-01-15' });

  for (const [route, shown] of [
    ['#/organisations', attack(1)],
    ['#/organisations/hostile', attack(1)],
    ['#/workstreams/sopimusten-siirrot', attack(2)],
    [`#/organisations?asOf=${encodeURIComponent('"><img src=x onerror="window.__attacked=3">')}`, null],
    [`#/changes?from=${encodeURIComponent('"><img src=x onerror="window.__attacked=4">')}&to=2022-02-01`, null],
  ]) {
    const { page, errors } = await open(route, auditorToken);
    await page.waitForSelector('main h2');
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.__attacked), undefined, `${route}: a script ran`);
    assert.equal(await page.$$eval('main img, main script', (found) => found.length), 0, `${route}: markup from the data reached the page`);
    if (shown) assert.ok((await page.textContent('main')).includes(shown), `${route}: the value is shown as the text it is`);
    assert.deepEqual(errors, [], route);
    await page.close();
  }
});
