// The chairs' dashboard: reads the same status routes as any client, with the bearer token kept in
// sessionStorage['transfer.token']. Routes live in the hash (#/organisations?asOf=2022-02-01) so that
// every board, at any date, has an address to bookmark or send.

import { strings } from './strings.js';

const tokenKey = 'transfer.token';
const languageKey = 'transfer.lang';
// Finnish unless English was chosen; the choice is remembered on this device.
let language = localStorage.getItem(languageKey) === 'en' ? 'en' : 'fi';
/** A word or phrase in the language on screen (strings.js). */
const t = (key, ...args) => { const text = strings[language][key]; return typeof text === 'function' ? text(...args) : text; };
/** An ISO date in the Finnish form, 1.2.2022: how the date control always writes it. */
const finnishDay = (iso) => {
  const [year, month, date] = iso.split('-').map(Number);
  return `${date}.${month}.${year}`;
};
/** A date as the language writes it: 1.2.2022 in Finnish, 2022-02-01 in English. */
const day = (iso) => (!iso ? '' : language === 'fi' ? finnishDay(iso) : iso);
/** The date control's text as an ISO date: 1.2.2022 (or 2022-02-01); null when it is not a date. */
function parseDay(text) {
  const finnish = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  const iso = finnish ? `${finnish[3]}-${finnish[2].padStart(2, '0')}-${finnish[1].padStart(2, '0')}` : text.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso)) && new Date(iso).toISOString().startsWith(iso) ? iso : null;
}
const main = document.getElementById('main');
const asOfInput = document.getElementById('as-of');
const countyName = document.getElementById('county');

// The county a national token is reading (#/...?county=<id>); other tokens read their own, and send none.
let county = '';

class SignInNeeded extends Error {}

// ---- Talking to the API -------------------------------------------------------------------------

async function api(path) {
  if (county) path = `${path}${path.includes('?') ? '&' : '?'}county=${encodeURIComponent(county)}`;
  const token = sessionStorage.getItem(tokenKey);
  if (!token) throw new SignInNeeded(t('signInNeeded'));
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (response.status === 401) {
    sessionStorage.removeItem(tokenKey);
    throw new SignInNeeded(t('tokenRefused'));
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || t('apiAnswered', response.status));
  }
  return response.json();
}

/** The roles the token carries, read only to decide what to offer; the API decides what may be read. */
function roles() {
  try {
    const payload = JSON.parse(atob(sessionStorage.getItem(tokenKey).split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return [payload.role ?? []].flat();
  } catch {
    return [];
  }
}

const withDate = (path, asOf) => (asOf ? `${path}${path.includes('?') ? '&' : '?'}asOf=${asOf}` : path);

/** A date from the page address, or '' when it is not one (YYYY-MM-DD): nothing else from the address is used. */
const dateParam = (params, name) => (/^\d{4}-\d{2}-\d{2}$/.test(params.get(name) ?? '') ? params.get(name) : '');

// ---- Small rendering helpers ----------------------------------------------------------------------

const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Markup made by html``: the only thing the page ever puts into innerHTML. */
class Markup {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}
const piece = (value) => (value instanceof Markup ? value.text : Array.isArray(value) ? value.map(piece).join('') : escape(value));
/**
 * A template whose every value is escaped, unless it is itself markup made here (or a list of such):
 * whatever the API or the page address holds reaches the page as text, never as markup.
 */
const html = (strings, ...values) => new Markup(strings.reduce((out, text, i) => out + text + (i < values.length ? piece(values[i]) : ''), ''));
/** The items with a separator between each two. */
const joined = (items, separator) => items.flatMap((item, i) => (i ? [separator, item] : [item]));
// Every colour is written out as well: nothing depends on colour alone.
const rag = (value) => html`<span class="rag" data-rag="${value}">${t(value) ?? value}</span>`;
const counts = (c) => html`<span class="counts">${t('counts', c)}</span>`;
/** The query of a page address: its date and, for a national token, the county it reads. */
const pageQuery = (asOf) => {
  const params = new URLSearchParams();
  if (asOf) params.set('asOf', asOf);
  if (county) params.set('county', county);
  return params.size ? `?${params}` : '';
};
const link = (route, text, asOf) => html`<a href="#${route}${pageQuery(asOf)}">${text}</a>`;
const dateText = (asOf) => (asOf ? t('asOfDay', day(asOf)) : t('todayText'));

/**
 * Above each board: the same board as an Excel workbook (the API's format=xlsx), and, printed only, the
 * date it is for and when it was known, so a meeting pack says what it shows.
 */
function boardTools(path, asOf) {
  const now = new Date().toLocaleString(language === 'fi' ? 'fi-FI' : 'en-GB', { timeZone: 'Europe/Helsinki' });
  return html`<p class="tools"><button type="button" data-download="${withDate(path, asOf)}">${t('excel')}</button></p>
    <p class="print-only">${t('printed', asOf ? day(asOf) : day(new Date().toISOString().slice(0, 10)), now)}</p>`;
}

function glance(workstreams, asOf) {
  return html`<div class="glance">${workstreams.map((w) =>
    html`<a class="cell" data-rag="${w.rag}" href="#/workstreams/${encodeURIComponent(w.id)}${pageQuery(asOf)}"
        title="${w.name}: ${t(w.rag)}" aria-label="${w.name}: ${t(w.rag)}">${t('initials')[w.rag]}</a>`)}</div>`;
}

// ---- Pages ----------------------------------------------------------------------------------------

// Each page asks for its board in one request: the boards carry what the pages show.
/**
 * The portfolio's red, amber, green and no-status counts as stacked weekly bars (SVG), with a caption and
 * the numbers as a table for screen readers: nothing in the picture is only in the picture.
 */
function countsChart(points) {
  if (points.length === 0) return '';
  const width = 720, height = 140, gap = 1;
  const bar = width / points.length;
  const total = (c) => c.red + c.amber + c.green + c.none;
  const max = Math.max(1, ...points.map((p) => total(p.counts)));
  const bars = points.map((p, i) => {
    let y = height;
    const segments = ['red', 'amber', 'green', 'none'].filter((colour) => p.counts[colour] > 0).map((colour) => {
      const h = (p.counts[colour] / max) * height;
      y -= h;
      return html`<rect class="bar-${colour}" x="${(i * bar).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, bar - gap).toFixed(1)}" height="${h.toFixed(1)}"></rect>`;
    });
    return html`<g data-as-of="${p.asOf}" data-red="${p.counts.red}" data-amber="${p.counts.amber}" data-green="${p.counts.green}" data-none="${p.counts.none}">${segments}</g>`;
  });
  const last = points.at(-1);
  return html`<figure class="chart" data-chart="portfolio-counts">
    <figcaption>${t('countsChart')}: ${t('countsSummary', day(points[0].asOf), day(last.asOf), last.counts)}</figcaption>
    <svg viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" aria-hidden="true">${bars}</svg>
    <table class="visually-hidden"><thead><tr><th scope="col">${t('week')}</th><th scope="col">${t('red')}</th><th scope="col">${t('amber')}</th>
      <th scope="col">${t('green')}</th><th scope="col">${t('none')}</th></tr></thead>
      <tbody>${points.map((p) => html`<tr><td>${day(p.asOf)}</td><td>${p.counts.red}</td><td>${p.counts.amber}</td><td>${p.counts.green}</td><td>${p.counts.none}</td></tr>`)}</tbody></table>
  </figure>`;
}

async function portfolioPage(asOf) {
  const [portfolio, series] = await Promise.all([
    api(withDate('/api/portfolio', asOf)),
    api(`/api/portfolio/series${asOf ? `?to=${asOf}` : ''}`).catch(() => []),
  ]);
  if (portfolio.groups.length === 0) return html`<h2>${t('portfolio')} ${dateText(asOf)}</h2><p class="muted">${t('noGroups')}</p>`;
  return html`<h2>${t('portfolio')} ${dateText(asOf)}</h2>${boardTools('/api/portfolio', asOf)}
    <p>${t('overallStatus')} ${rag(portfolio.rag)} ${counts(portfolio.counts)}</p>
    ${countsChart(series)}
    ${portfolio.groups.map((top) => html`
      <h3>${link(`/working-groups/${encodeURIComponent(top.id)}`, top.name, asOf)} ${rag(top.rag)}</h3>
      <table><thead><tr><th scope="col">${t('sectionOrGroup')}</th><th scope="col">${t('status')}</th><th scope="col">${t('workstreams')}</th></tr></thead>
      <tbody>${top.groups.map((g) => html`<tr data-working-group-id="${g.id}">
        <td>${link(`/working-groups/${encodeURIComponent(g.id)}`, g.name, asOf)}</td><td>${rag(g.rag)}</td><td>${counts(g.counts)}</td></tr>`)}
      </tbody></table>`)}`;
}

async function organisationsPage(asOf) {
  const rows = await api(withDate('/api/organisations/status', asOf));
  if (rows.length === 0) return html`<h2>${t('organisationsBoard')} ${dateText(asOf)}</h2><p class="muted">${t('noOrganisations')}</p>`;
  return html`<h2>${t('organisationsBoard')} ${dateText(asOf)}</h2>${boardTools('/api/organisations/status', asOf)}
    <p class="legend">${t('organisationsLegend')}</p>
    <table><thead><tr><th scope="col">${t('organisation')}</th><th scope="col">${t('status')}</th><th scope="col">${t('workstreams')}</th><th scope="col">${t('atAGlance')}</th></tr></thead>
    <tbody>${rows.map((o) => html`<tr data-organisation-id="${o.id}">
      <td>${link(`/organisations/${encodeURIComponent(o.id)}`, o.name, asOf)}</td>
      <td>${rag(o.rag)}</td><td>${counts(o.counts)}</td><td>${glance(o.workstreams, asOf)}</td></tr>`)}
    </tbody></table>`;
}

async function organisationPage(id, asOf) {
  const board = await api(withDate(`/api/organisations/${encodeURIComponent(id)}/status`, asOf));
  return html`<p class="breadcrumbs">${link('/organisations', t('organisationsBoard'), asOf)} ›</p>
    <h2 data-organisation-id="${board.id}">${board.name} ${rag(board.rag)}</h2>${boardTools(`/api/organisations/${encodeURIComponent(id)}/status`, asOf)}
    <p>${counts(board.counts)} ${dateText(asOf)}</p>
    <table><thead><tr><th scope="col">${t('workstream')}</th><th scope="col">${t('status')}</th><th scope="col">${t('targetsDone')}</th></tr></thead>
    <tbody>${board.workstreams.map((w) => html`<tr data-workstream-id="${w.id}">
      <td>${link(`/workstreams/${encodeURIComponent(w.id)}`, w.name, asOf)}</td><td>${rag(w.rag)}</td>
      <td>${joined(w.targets.map((target) => html`${t('target', t(target.kind), target.done, target.expected)} ${rag(target.rag)}`), html`<br>`)}</td></tr>`)}
    </tbody></table>`;
}

async function groupPage(id, asOf) {
  const group = await api(withDate(`/api/working-groups/${encodeURIComponent(id)}/status`, asOf));
  // Done counts each target up to its expected, so a target overshot does not hide one behind.
  const progress = (w) => (w.expected === 0 ? html`<span class="muted">${t('noTargets')}</span>`
    : t('progressOf', w.done, w.expected, Math.round((100 * w.done) / w.expected)));
  // Assessment parts no workstream here has are left out: a wall of "no status" says nothing.
  const parts = ['deliverables', 'schedule', 'cost', 'benefits', 'risk'].filter((part) => group.workstreams.some((w) => w[part] !== 'none'));
  return html`<h2>${group.name} ${rag(group.rag)}</h2>${boardTools(`/api/working-groups/${encodeURIComponent(id)}/status`, asOf)}
    <p>${counts(group.counts)} ${dateText(asOf)}</p>
    ${!group.groups.length && !group.workstreams.length ? html`<p class="muted">${t('noWorkstreams')}</p>` : ''}
    ${group.groups.length ? html`<h3>${t('groups')}</h3><table><thead><tr><th scope="col">${t('group')}</th><th scope="col">${t('status')}</th><th scope="col">${t('workstreams')}</th></tr></thead>
      <tbody>${group.groups.map((g) => html`<tr data-working-group-id="${g.id}"><td>${link(`/working-groups/${encodeURIComponent(g.id)}`, g.name, asOf)}</td>
      <td>${rag(g.rag)}</td><td>${counts(g.counts)}</td></tr>`)}</tbody></table>` : ''}
    ${group.workstreams.length ? html`<h3>${t('workstreams')}</h3><table><thead><tr><th scope="col">${t('workstream')}</th><th scope="col">${t('due')}</th><th scope="col">${t('overall')}</th><th scope="col">${t('progress')}</th>
      ${parts.map((part) => html`<th scope="col">${t(part)}</th>`)}<th scope="col">${t('done')}</th></tr></thead>
      <tbody>${group.workstreams.map((w) => html`<tr data-workstream-id="${w.id}"><td>${link(`/workstreams/${encodeURIComponent(w.id)}`, w.name, asOf)}</td>
        <td>${day(w.dueDate)}</td><td>${rag(w.rag)}</td><td>${rag(w.progress)}</td>${parts.map((part) => html`<td>${rag(w[part])}</td>`)}<td>${progress(w)}</td></tr>`)}</tbody></table>` : ''}`;
}

const eventTypes = ['WorkstreamRegistered', 'TargetsSet', 'WorkstreamRescheduled', 'ContractTransferred', 'SystemUnified', 'StaffDataReceived',
  'DecisionMade', 'StatusAssessed', 'ItemRetracted'];
const historyPage = 50;

/**
 * A workstream's history for auditors and the PMO, a page at a time (a long one holds thousands of
 * events), filtered by type and organisation: one request to the event log per page.
 */
async function historySection(id, params, organisations) {
  const type = eventTypes.includes(params.get('type')) ? params.get('type') : '';
  const organisation = /^[a-z0-9][a-z0-9-]{0,63}$/.test(params.get('organisationId') ?? '') ? params.get('organisationId') : '';
  const after = /^\d+$/.test(params.get('after') ?? '') ? params.get('after') : '';
  const query = new URLSearchParams({ workstreamId: id, limit: String(historyPage), ...(type ? { type } : {}),
    ...(organisation ? { organisationId: organisation } : {}), ...(after ? { after } : {}) });
  const page = await api(`/api/audit/events?${query}`);
  const here = (changes) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) if (value) next.set(key, value); else next.delete(key);
    return `#/workstreams/${encodeURIComponent(id)}?${next}`;
  };
  return html`<h3>${t('history')}</h3>
    <form class="history-filter" id="history-filter" data-base="${here({ type: '', organisationId: '', after: '' })}">
      <label for="history-type">${t('what')}</label>
      <select id="history-type" name="type"><option value="">${t('allTypes')}</option>${eventTypes.map((name) =>
        html`<option value="${name}"${name === type ? html` selected` : ''}>${name}</option>`)}</select>
      <label for="history-organisation">${t('organisation')}</label>
      <select id="history-organisation" name="organisationId"><option value="">${t('allOrganisations')}</option>${Object.entries(organisations).map(([oid, name]) =>
        html`<option value="${oid}"${oid === organisation ? html` selected` : ''}>${name}</option>`)}</select>
      <button type="submit">${t('filter')}</button>
    </form>
    ${page.events.length ? html`<table><thead><tr><th scope="col">${t('number')}</th><th scope="col">${t('what')}</th><th scope="col">${t('occurred')}</th>
      <th scope="col">${t('recorded')}</th><th scope="col">${t('by')}</th></tr></thead><tbody>${page.events.map((e) => html`<tr data-sequence="${e.sequence}"><td>${e.version}</td><td>${e.type}</td>
      <td>${day(e.occurredOn)}</td><td>${new Date(e.recordedAt).toLocaleString(language === 'fi' ? 'fi-FI' : 'en-GB', { timeZone: 'Europe/Helsinki' })}</td><td>${e.recordedBy}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">${t('noEvents')}</p>`}
    <p class="pages">${after ? html`<a href="${here({ after: '' })}">${t('firstPage')}</a> ` : ''}${page.next ? html`<a href="${here({ after: String(page.next) })}" data-next-page>${t('nextPage')}</a>` : ''}</p>`;
}

async function workstreamPage(id, asOf, params) {
  const w = await api(withDate(`/api/workstreams/${encodeURIComponent(id)}`, asOf));
  const organisations = Object.fromEntries((await api('/api/organisations')).map((o) => [o.id, o.name]));
  // The history is for auditors and the PMO; chairs see the boards.
  const history = roles().some((role) => role === 'auditor' || role === 'pmo') ? await historySection(id, params, organisations) : '';
  return html`<p class="breadcrumbs">${link(`/working-groups/${encodeURIComponent(w.workingGroupId)}`, t('workingGroup'), asOf)} ›</p>
    <h2>${w.name} ${rag(w.rag.overall)}</h2>${boardTools(`/api/workstreams/${encodeURIComponent(id)}`, asOf)}
    <p>${day(w.startDate)} – ${day(w.dueDate)} · ${dateText(asOf)} · ${t('progress')} ${rag(w.rag.progress)}</p>
    <h3>${t('targets')}</h3>
    ${w.targets.length ? html`<table><thead><tr><th scope="col">${t('organisation')}</th><th scope="col">${t('kind')}</th><th scope="col">${t('done')}</th><th scope="col">${t('expected')}</th><th scope="col">${t('status')}</th></tr></thead>
      <tbody>${w.targets.map((target) => html`<tr${target.organisationId ? html` data-organisation-id="${target.organisationId}"` : ''}>
        <td>${target.organisationId ? link(`/organisations/${encodeURIComponent(target.organisationId)}`, organisations[target.organisationId] ?? target.organisationId, asOf) : t('countyLevel')}</td>
        <td>${t(target.kind)}</td><td>${target.done}</td><td>${target.expected}</td><td>${rag(target.rag)}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">${t('noTargetsInForce')}</p>`}
    <h3>${t('assessments')}</h3>
    ${w.assessments.length ? html`<table><thead><tr><th scope="col">${t('dimension')}</th><th scope="col">${t('status')}</th><th scope="col">${t('rationale')}</th><th scope="col">${t('dated')}</th></tr></thead>
      <tbody>${w.assessments.map((a) => html`<tr><td>${t(a.dimension) ?? a.dimension}</td><td>${rag(a.rag)}</td><td>${a.rationale}</td><td>${day(a.occurredOn)}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">${t('noAssessments')}</p>`}
    ${history}`;
}

async function changesPage(params) {
  const to = dateParam(params, 'to') || dateParam(params, 'asOf') || new Date().toISOString().slice(0, 10);
  const from = dateParam(params, 'from') || new Date(Date.parse(to) - 14 * 86400000).toISOString().slice(0, 10);
  const snapshot = async (date) => {
    const groups = await api('/api/working-groups');
    const statuses = await Promise.all(groups.map((g) => api(`/api/working-groups/${encodeURIComponent(g.id)}/status?asOf=${date}`)));
    return { workstreams: statuses.flatMap((g) => g.workstreams), organisations: await api(`/api/organisations/status?asOf=${date}`) };
  };
  const [before, after] = await Promise.all([snapshot(from), snapshot(to)]);
  const changed = (older, newer) => newer.map((n) => ({ ...n, was: older.find((o) => o.id === n.id)?.rag ?? 'none' })).filter((n) => n.was !== n.rag);
  const rows = (items, route) => items.length
    ? html`<table><thead><tr><th scope="col">${t('name')}</th><th scope="col">${t('was')}</th><th scope="col">${t('now')}</th></tr></thead><tbody>${items.map((i) =>
        html`<tr data-changed-id="${i.id}"><td>${link(`${route}/${encodeURIComponent(i.id)}`, i.name, to)}</td><td>${rag(i.was)}</td><td>${rag(i.rag)}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">${t('noChanges')}</p>`;
  return html`<h2>${t('changes')}</h2>
    <form class="changes" id="changes-form">
      <label for="from">${t('from')}</label> <input type="date" id="from" name="from" value="${from}">
      <label for="to">${t('to')}</label> <input type="date" id="to" name="to" value="${to}">
      <button type="submit">${t('compare')}</button>
    </form>
    <h3>${t('changedWorkstreams')}</h3>${rows(changed(before.workstreams, after.workstreams), '/workstreams')}
    <h3>${t('changedOrganisations')}</h3>${rows(changed(before.organisations, after.organisations), '/organisations')}`;
}

// The national role's own page: every county's portfolio, each leading to that county's boards.
async function nationalPage(asOf) {
  const national = await api(withDate('/api/national/status', asOf));
  return html`<h2>${t('national')} ${dateText(asOf)}</h2>
    <p>${t('overallStatus')} ${rag(national.rag)} ${counts(national.counts)}</p>
    <table><thead><tr><th scope="col">${t('county')}</th><th scope="col">${t('status')}</th><th scope="col">${t('workstreams')}</th></tr></thead>
    <tbody>${national.counties.map((c) => html`<tr data-county-id="${c.id}">
      <td><a href="#/?${new URLSearchParams({ ...(asOf ? { asOf } : {}), county: c.id })}">${c.name}</a></td><td>${rag(c.rag)}</td><td>${counts(c.counts)}</td></tr>`)}
    </tbody></table>`;
}

/** The counties the token may read, asked once per token (kept for the tab, as the token is). */
async function countiesOfToken() {
  const token = sessionStorage.getItem(tokenKey);
  const kept = JSON.parse(sessionStorage.getItem('transfer.counties') ?? 'null');
  if (kept?.token === token) return kept.counties;
  const counties = await api('/api/counties').catch((error) => { if (error instanceof SignInNeeded) throw error; return []; });
  sessionStorage.setItem('transfer.counties', JSON.stringify({ token, counties }));
  return counties;
}

/** The county the boards show, named in the header (and for a national token, a way back to all of them). */
async function showCounty() {
  const national = roles().includes('national');
  const counties = await countiesOfToken();
  const shown = national ? counties.find((c) => c.id === county) : counties[0];
  countyName.innerHTML = html`${shown?.name ?? ''}${national ? html` <a href="#/national">${t('allCounties')}</a>` : ''}`;
  document.getElementById('import-link').hidden = !roles().includes('pmo');
  // The header's boards stay in the county a national token is reading.
  for (const a of document.querySelectorAll('header nav a'))
    a.setAttribute('href', a.getAttribute('href').split('?')[0] + (county ? `?county=${encodeURIComponent(county)}` : ''));
}

// ---- The PMO's import ------------------------------------------------------------------------------

const importKinds = ['contracts', 'systems', 'staff-data', 'decisions', 'assessments', 'retractions'];

function importPage() {
  return html`<h2>${t('importTitle')}</h2>
    <p class="legend">${t('importLegend')}</p>
    <form id="import-form" class="import">
      <label for="import-kind">${t('importKind')}</label>
      <select id="import-kind" name="kind">${importKinds.map((kind) => html`<option value="${kind}">${kind}</option>`)}</select>
      <label for="import-file">${t('importFile')}</label>
      <input type="file" id="import-file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
      <button type="submit" name="action" value="check">${t('check')}</button>
      <button type="submit" name="action" value="import">${t('import')}</button>
      <button type="button" id="import-template">${t('template')}</button>
    </form>
    <section id="import-result" aria-live="polite"></section>`;
}

/** Posts the chosen file as a form upload; the answer, or the problem the API gave, as JSON. */
async function postImport(kind, file, dryRun) {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`/api/imports/${encodeURIComponent(kind)}${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST', headers: { Authorization: `Bearer ${sessionStorage.getItem(tokenKey)}` }, body: form,
  });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

/** What the check or the import found: the rows' problems one per line, or what was (or would be) recorded. */
function importResult({ status, body }, dryRun) {
  if (status === 200 || status === 201) {
    return dryRun
      ? html`<p class="ok" data-import-outcome="checked">${t('checked', body.rows, body.events)}</p>`
      : html`<p class="ok" data-import-outcome="imported" data-import-id="${body.importId}">${t('imported', body.rows, body.events, body.importId)}</p>`;
  }
  const problems = Object.entries(body.errors ?? {}).flatMap(([key, messages]) => {
    const [, row, field] = /^rows\[(\d+)\]\.(.+)$/.exec(key) ?? [null, '', key];
    return messages.map((message) => ({ row, field, message }));
  });
  return html`<div class="problem" role="alert" data-import-outcome="refused"><p>${body.detail ?? body.title ?? t('apiAnswered', status)} ${t('nothingStored')}</p>
    ${problems.length ? html`<table><thead><tr><th scope="col">${t('row')}</th><th scope="col">${t('column')}</th><th scope="col">${t('problem')}</th></tr></thead>
      <tbody>${problems.map((p) => html`<tr data-row="${p.row}"><td>${p.row}</td><td>${p.field}</td><td>${p.message}</td></tr>`)}</tbody></table>` : ''}</div>`;
}

// ---- Live: an open board follows new events ------------------------------------------------------

let watching = null;
let lastChange = null;
let rerender = null;

/**
 * Keeps one change stream open for the token and county on screen (Server-Sent Events, read with fetch
 * so that the token goes in its header, not in an address): the server checks each county once a second
 * for every dashboard at once, and this page reads its board again only when something changed.
 */
function watchBoards(page) {
  const token = sessionStorage.getItem(tokenKey);
  const key = `${token}|${county}`;
  if (!token || (roles().includes('national') && !county) || watching?.key === key) return;
  watching?.controller.abort();
  const controller = new AbortController();
  watching = { key, controller };
  lastChange = null;
  (async () => {
    try {
      const response = await fetch(`/api/boards/changes${county ? `?county=${encodeURIComponent(county)}` : ''}`,
        { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
      if (!response.ok) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(message)?.[1];
          if (/^event: changed$/m.test(message) && data) changed(JSON.parse(data));
        }
      }
    } catch { /* aborted, or the connection dropped: the next page shown opens another */ }
    if (watching?.controller === controller) watching = null;
  })();
}

/** A change in the county: say when, and read the board on screen again (once, if several come at once). */
function changed(change) {
  const first = lastChange === null;
  lastChange = change;
  showUpdated();
  const [page] = currentRoute().parts;
  if (first || page === 'import' || page === 'changes') return;
  clearTimeout(rerender);
  rerender = setTimeout(render, 300);
}

function showUpdated() {
  const badge = document.getElementById('updated');
  badge.textContent = lastChange
    ? t('updated', new Date(lastChange.recordedAt).toLocaleString(language === 'fi' ? 'fi-FI' : 'en-GB', { timeZone: 'Europe/Helsinki' }))
    : '';
  if (lastChange) badge.dataset.sequence = String(lastChange.sequence);
}

function signInPage(message) {
  return html`<section class="sign-in"><h2>${t('signIn')}</h2><p>${message}</p>
    <form id="sign-in-form"><label for="token">${t('tokenLabel')}</label>
    <textarea id="token" name="token" required autocomplete="off"></textarea>
    <button type="submit">${t('showBoards')}</button></form></section>`;
}

// ---- Routing --------------------------------------------------------------------------------------

function currentRoute() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  return { parts: (path || '/').split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || '') };
}

/** The header's words in the language on screen, and the switch naming the other one. */
function showLanguage() {
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll('[data-text]')) element.textContent = t(element.dataset.text);
  asOfInput.placeholder = t('asOfHint');
  const other = language === 'fi' ? 'en' : 'fi';
  const toggle = document.querySelector('[data-lang-switch]');
  toggle.textContent = t('switchTo');
  toggle.lang = other;
}

async function render() {
  const { parts, params } = currentRoute();
  const asOf = dateParam(params, 'asOf');
  showLanguage();
  asOfInput.value = asOf ? finnishDay(asOf) : '';
  asOfInput.removeAttribute('aria-invalid');
  document.getElementById('as-of-problem').textContent = '';
  const national = sessionStorage.getItem(tokenKey) && roles().includes('national');
  county = national && /^[a-z0-9][a-z0-9-]{0,63}$/.test(params.get('county') ?? '') ? params.get('county') : '';
  try {
    const [page, id] = parts;
    await showCounty();
    main.innerHTML =
      page === 'national' || (national && !county) ? await nationalPage(asOf)
      : page === 'organisations' && id ? await organisationPage(id, asOf)
      : page === 'organisations' ? await organisationsPage(asOf)
      : (page === 'working-groups' || page === 'groups') && id ? await groupPage(id, asOf) // #/groups/{id}: earlier bookmarks
      : page === 'workstreams' && id ? await workstreamPage(id, asOf, params)
      : page === 'changes' ? await changesPage(params)
      : page === 'import' ? importPage()
      : await portfolioPage(asOf);
    document.title = `${main.querySelector('h2')?.textContent ?? t('title')} – ${t('title')}`;
    watchBoards();
    showUpdated();
  } catch (error) {
    if (error instanceof SignInNeeded) main.innerHTML = signInPage(error.message);
    else main.innerHTML = html`<div class="problem" role="alert"><h2>${t('notShown')}</h2><p>${error.message}</p></div>`;
  }
}

asOfInput.addEventListener('change', () => {
  const { parts, params } = currentRoute();
  const chosen = asOfInput.value.trim() ? parseDay(asOfInput.value) : '';
  if (chosen === null) {
    asOfInput.setAttribute('aria-invalid', 'true');
    document.getElementById('as-of-problem').textContent = t('badDate');
    return;
  }
  if (chosen) params.set('asOf', chosen); else params.delete('asOf');
  if (county) params.set('county', county);
  location.hash = `/${parts.map(encodeURIComponent).join('/')}${params.size ? `?${params}` : ''}`;
});
// The template downloads with the token, as every request does, then is saved as the file it is.
main.addEventListener('click', async (event) => {
  const download = event.target.closest?.('[data-download]');
  if (download) {
    const path = download.dataset.download;
    const query = new URLSearchParams({ format: 'xlsx', ...(county ? { county } : {}) });
    const response = await fetch(`${path}${path.includes('?') ? '&' : '?'}${query}`, { headers: { Authorization: `Bearer ${sessionStorage.getItem(tokenKey)}` } });
    const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'board.xlsx';
    const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(await response.blob()), download: name });
    link.click();
    URL.revokeObjectURL(link.href);
    return;
  }
  if (event.target.id !== 'import-template') return;
  const kind = document.getElementById('import-kind').value;
  const response = await fetch(`/api/imports/templates/${encodeURIComponent(kind)}.xlsx`, { headers: { Authorization: `Bearer ${sessionStorage.getItem(tokenKey)}` } });
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(await response.blob()), download: `${kind}.xlsx` });
  link.click();
  URL.revokeObjectURL(link.href);
});
document.querySelector('[data-lang-switch]').addEventListener('click', () => {
  language = language === 'fi' ? 'en' : 'fi';
  localStorage.setItem(languageKey, language);
  render();
});
document.getElementById('today').addEventListener('click', () => { asOfInput.value = ''; asOfInput.dispatchEvent(new Event('change')); });
document.getElementById('sign-out').addEventListener('click', () => { sessionStorage.removeItem(tokenKey); render(); });
document.getElementById('as-of-form').addEventListener('submit', (event) => event.preventDefault());

main.addEventListener('submit', (event) => {
  event.preventDefault();
  if (event.target.id === 'sign-in-form') {
    sessionStorage.setItem(tokenKey, new FormData(event.target).get('token').trim());
    render();
  } else if (event.target.id === 'history-filter') {
    const data = new FormData(event.target);
    const target = new URL(event.target.dataset.base, location.href);
    const params = new URLSearchParams(target.hash.split('?')[1] ?? '');
    for (const key of ['type', 'organisationId']) if (data.get(key)) params.set(key, data.get(key));
    location.hash = `${target.hash.split('?')[0]}?${params}`;
  } else if (event.target.id === 'import-form') {
    const data = new FormData(event.target);
    const dryRun = event.submitter?.value !== 'import';
    const result = document.getElementById('import-result');
    result.textContent = dryRun ? t('checking') : t('importing');
    postImport(data.get('kind'), data.get('file'), dryRun)
      .then((answer) => { result.innerHTML = importResult(answer, dryRun); })
      .catch((error) => { result.innerHTML = html`<p class="problem" role="alert">${error.message}</p>`; });
  } else if (event.target.id === 'changes-form') {
    const data = new FormData(event.target);
    location.hash = `/changes?from=${data.get('from')}&to=${data.get('to')}`;
  }
});

window.addEventListener('hashchange', render);
render();
