// The chairs' dashboard: reads the same status routes as any client, with the bearer token kept in
// sessionStorage['transfer.token']. Routes live in the hash (#/organisations?asOf=2022-02-01) so that
// every board, at any date, has an address to bookmark or send.

import { language, switchLanguage, t, finnishDay, day, instant, parseDay } from './i18n.js';
import { html, joined, rag, counts } from './markup.js';
import { countsChart, burnUps, colourStrip, trend, noteText } from './charts.js';

const tokenKey = 'transfer.token';
const main = document.getElementById('main');
const asOfInput = document.getElementById('as-of');
const countyName = document.getElementById('county');

// The county a national token is reading (#/...?county=<id>); other tokens read their own, and send none.
let county = '';
// The instant the boards are known at (#/...?knownAt=<instant>), as the API's knownAt: what a past meeting saw. '' for now.
let knownAt = '';

class SignInNeeded extends Error {}

// ---- Talking to the API -------------------------------------------------------------------------

/** Asks the API (GET, or another method with a JSON body) and answers its JSON; a refusal throws with the API's own words. */
async function api(path, method = 'GET', body = undefined) {
  if (county) path = `${path}${path.includes('?') ? '&' : '?'}county=${encodeURIComponent(county)}`;
  const token = sessionStorage.getItem(tokenKey);
  if (!token) throw new SignInNeeded(t('signInNeeded'));
  const response = await fetch(path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
  });
  if (response.status === 401) {
    signOut();
    throw new SignInNeeded(t('tokenRefused'));
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const fields = Object.values(problem.errors ?? {}).flat();
    throw new Error([problem.detail || problem.title || t('apiAnswered', response.status), ...fields].join(' '));
  }
  return response.status === 204 || response.status === 202 ? null : response.json();
}

/** Fetches a file with the token, as every request does, and saves it under the name the API gives it. */
async function saveFile(path, fallbackName) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${sessionStorage.getItem(tokenKey)}` } });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error([problem.detail || problem.title || t('apiAnswered', response.status), ...Object.values(problem.errors ?? {}).flat()].join(' '));
  }
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(await response.blob()), download: name });
  link.click();
  URL.revokeObjectURL(link.href);
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

/**
 * Midnight in Helsinki starting the day (or the day `days` later), as an instant the API reads: the
 * history is filtered by when events were recorded, and the PMO's day is Helsinki's whatever the browser's zone.
 */
function helsinkiMidnight(iso, days = 0) {
  const utcMidnight = new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86400000);
  const helsinki = new Date(utcMidnight.toLocaleString('en-US', { timeZone: 'Europe/Helsinki' }));
  const utc = new Date(utcMidnight.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(utcMidnight.getTime() - (helsinki - utc)).toISOString();
}

/** A day typed into a form's field: YYYY-MM-DD, '' when left empty, or null when it is no date. */
const typedDay = (data, name) => ((data.get(name) ?? '').trim() ? parseDay(data.get(name)) : '');

/** Id → name of a list of organisations, as a page names the ids its rows and causes carry. */
const namesOf = (list) => Object.fromEntries(list.map((o) => [o.id, o.name]));

/** A field for a day, written in the Finnish form whatever the browser's locale (as the header's date control). */
const dayInput = (id, name, value = '') =>
  html`<input type="text" id="${id}" name="${name}" inputmode="numeric" size="10" placeholder="${t('asOfHint')}" value="${value}">`;

/** Today in Helsinki, YYYY-MM-DD: the PMO's day, whatever the browser's zone. */
const helsinkiToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });

/** A status route for the page's date and, when the address names one, the instant it is known at (as the API takes them). */
const withDate = (path, asOf) => {
  const query = new URLSearchParams({ ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) });
  return query.size ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
};

/** A date from the page address, or '' when it is not one (YYYY-MM-DD): nothing else from the address is used. */
const dateParam = (params, name) => (/^\d{4}-\d{2}-\d{2}$/.test(params.get(name) ?? '') ? params.get(name) : '');

/** The instant the boards are known at, from the page address (an ISO instant, or a date: its start), or ''. */
const instantParam = (params, name) => {
  const value = params.get(name) ?? '';
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : '';
};

// ---- Small rendering helpers ----------------------------------------------------------------------

/** The query of a page address: its date and, for a national token, the county it reads. */
const pageQuery = (asOf) => {
  const params = new URLSearchParams();
  if (asOf) params.set('asOf', asOf);
  if (knownAt) params.set('knownAt', knownAt);
  if (county) params.set('county', county);
  return params.size ? `?${params}` : '';
};
const link = (route, text, asOf) => html`<a href="#${route}${pageQuery(asOf)}">${text}</a>`;
const dateText = (asOf) => `${asOf ? t('asOfDay', day(asOf)) : t('todayText')}${knownAt ? ` ${t('knownAtText', instant(knownAt))}` : ''}`;

/**
 * Above each board: the same board as an Excel workbook (the API's format=xlsx), and, printed only, the
 * date it is for and when it was known, so a meeting pack says what it shows.
 */
function boardTools(path, asOf) {
  const now = instant(new Date());
  return html`<p class="tools"><button type="button" data-download="${withDate(path, asOf)}">${t('excel')}</button></p>
    <p class="print-only">${t('printed', day(asOf || helsinkiToday()), now)}</p>`;
}

function glance(workstreams, asOf) {
  return html`<div class="glance">${workstreams.map((w) =>
    html`<a class="cell" data-rag="${w.rag}" href="#/workstreams/${encodeURIComponent(w.id)}${pageQuery(asOf)}"
        title="${w.name}: ${t(w.rag)}" aria-label="${w.name}: ${t(w.rag)}">${t('initials')[w.rag]}</a>`)}</div>`;
}

// ---- Pages ----------------------------------------------------------------------------------------

// Each page asks for its board in one request: the boards carry what the pages show.
async function portfolioPage(asOf) {
  const [portfolio, series] = await Promise.all([
    api(withDate('/api/portfolio', asOf)),
    seriesTo('/api/portfolio/series', asOf),
  ]);
  if (portfolio.groups.length === 0) return html`<h2>${t('portfolio')} ${dateText(asOf)}</h2><p class="muted">${t('noGroups')}</p>`;
  return html`<h2>${t('portfolio')} ${dateText(asOf)}</h2>${boardTools('/api/portfolio', asOf)}
    <p>${t('overallStatus')} ${rag(portfolio.rag)} ${counts(portfolio.counts)}</p>
    ${countsChart(series ?? [])}
    ${portfolio.groups.map((top) => html`
      <h3>${link(`/working-groups/${encodeURIComponent(top.id)}`, top.name, asOf)} ${rag(top.rag)}</h3>
      <table><thead><tr><th scope="col">${t('sectionOrGroup')}</th><th scope="col">${t('status')}</th><th scope="col">${t('workstreams')}</th></tr></thead>
      <tbody>${top.groups.map((g) => html`<tr data-working-group-id="${g.id}">
        <td>${link(`/working-groups/${encodeURIComponent(g.id)}`, g.name, asOf)}</td><td>${rag(g.rag)}</td><td>${counts(g.counts)}</td></tr>`)}
      </tbody></table>`)}`;
}

/** The series of a chart up to the board's date, as known when the board is; a chart that cannot be read leaves the board shown without it. */
const seriesTo = (path, asOf) => {
  const query = new URLSearchParams({ ...(asOf ? { to: asOf } : {}), ...(knownAt ? { knownAt } : {}) });
  return api(query.size ? `${path}?${query}` : path).catch((error) => { if (error instanceof SignInNeeded) throw error; return null; });
};

async function organisationsPage(asOf) {
  const [rows, trends] = await Promise.all([api(withDate('/api/organisations/status', asOf)), seriesTo('/api/organisations/series', asOf)]);
  const trendOf = Object.fromEntries((trends ?? []).map((row) => [row.id, row.points]));
  if (rows.length === 0) return html`<h2>${t('organisationsBoard')} ${dateText(asOf)}</h2><p class="muted">${t('noOrganisations')}</p>`;
  return html`<h2>${t('organisationsBoard')} ${dateText(asOf)}</h2>${boardTools('/api/organisations/status', asOf)}
    <p class="legend">${t('organisationsLegend')}</p>
    <table><thead><tr><th scope="col">${t('organisation')}</th><th scope="col">${t('status')}</th><th scope="col">${t('workstreams')}</th><th scope="col">${t('trend')}</th><th scope="col">${t('atAGlance')}</th></tr></thead>
    <tbody>${rows.map((o) => html`<tr data-organisation-id="${o.id}">
      <td>${link(`/organisations/${encodeURIComponent(o.id)}`, o.name, asOf)}</td>
      <td>${rag(o.rag)}</td><td>${counts(o.counts)}</td><td>${trend(trendOf[o.id])}</td><td>${glance(o.workstreams, asOf)}</td></tr>`)}
    </tbody></table>`;
}

async function organisationPage(id, asOf) {
  const [board, series] = await Promise.all([
    api(withDate(`/api/organisations/${encodeURIComponent(id)}/status`, asOf)), seriesTo(`/api/organisations/${encodeURIComponent(id)}/series`, asOf)]);
  return html`<p class="breadcrumbs">${link('/organisations', t('organisationsBoard'), asOf)} ›</p>
    <h2 data-organisation-id="${board.id}">${board.name} ${rag(board.rag)}</h2>${boardTools(`/api/organisations/${encodeURIComponent(id)}/status`, asOf)}
    <p>${counts(board.counts)} ${dateText(asOf)}</p>${followForm('organisation', board.id)}
    <table><thead><tr><th scope="col">${t('workstream')}</th><th scope="col">${t('status')}</th><th scope="col">${t('targetsDone')}</th></tr></thead>
    <tbody>${board.workstreams.map((w) => html`<tr data-workstream-id="${w.id}">
      <td>${link(`/workstreams/${encodeURIComponent(w.id)}`, w.name, asOf)}</td><td>${rag(w.rag)}</td>
      <td>${joined(w.targets.map((target) => html`${t('target', t(target.kind), target.done, target.expected)} ${rag(target.rag)}`), html`<br>`)}</td></tr>`)}
    </tbody></table>
    ${series ? colourStrip(series, (row) => link(`/workstreams/${encodeURIComponent(row.id)}`, row.name, asOf)) : ''}`;
}

async function groupPage(id, asOf) {
  const group = await api(withDate(`/api/working-groups/${encodeURIComponent(id)}/status`, asOf));
  // Done counts each target up to its expected, so a target overshot does not hide one behind.
  const progress = (w) => (w.expected === 0 ? html`<span class="muted">${t('noTargets')}</span>`
    : t('progressOf', w.done, w.expected, Math.round((100 * w.done) / w.expected)));
  // Assessment parts no workstream here has are left out: a wall of "no status" says nothing.
  const parts = ['deliverables', 'schedule', 'cost', 'benefits', 'risk'].filter((part) => group.workstreams.some((w) => w[part] !== 'none'));
  return html`<h2>${group.name} ${rag(group.rag)}</h2>${boardTools(`/api/working-groups/${encodeURIComponent(id)}/status`, asOf)}
    <p>${counts(group.counts)} ${dateText(asOf)}</p>${followForm('working-group', id)}
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
  const [recordedFrom, recordedTo] = [dateParam(params, 'recordedFrom'), dateParam(params, 'recordedTo')];
  const query = new URLSearchParams({ workstreamId: id, limit: String(historyPage), ...(type ? { type } : {}),
    ...(organisation ? { organisationId: organisation } : {}), ...(after ? { after } : {}),
    ...(recordedFrom ? { from: helsinkiMidnight(recordedFrom) } : {}), ...(recordedTo ? { to: helsinkiMidnight(recordedTo, 1) } : {}) });
  const page = await api(`/api/audit/events?${query}`);
  const here = (changes) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) if (value) next.set(key, value); else next.delete(key);
    return `#/workstreams/${encodeURIComponent(id)}?${next}`;
  };
  return html`<h3>${t('history')}</h3>
    <form class="history-filter" id="history-filter" data-base="${here({ type: '', organisationId: '', after: '', recordedFrom: '', recordedTo: '' })}">
      <label for="history-type">${t('what')}</label>
      <select id="history-type" name="type"><option value="">${t('allTypes')}</option>${eventTypes.map((name) =>
        html`<option value="${name}"${name === type ? html` selected` : ''}>${t('eventTypes')[name]}</option>`)}</select>
      <label for="history-organisation">${t('organisation')}</label>
      <select id="history-organisation" name="organisationId"><option value="">${t('allOrganisations')}</option>${Object.entries(organisations).map(([oid, name]) =>
        html`<option value="${oid}"${oid === organisation ? html` selected` : ''}>${name}</option>`)}</select>
      <label for="history-from">${t('recordedFrom')}</label>
      ${dayInput('history-from', 'recordedFrom', recordedFrom ? day(recordedFrom) : '')}
      <label for="history-to">${t('recordedTo')}</label>
      ${dayInput('history-to', 'recordedTo', recordedTo ? day(recordedTo) : '')}
      <button type="submit">${t('filter')}</button> <span id="history-problem" class="field-problem" role="alert"></span>
    </form>
    ${page.events.length ? html`<table><thead><tr><th scope="col">${t('number')}</th><th scope="col">${t('what')}</th><th scope="col">${t('occurred')}</th>
      <th scope="col">${t('recorded')}</th><th scope="col">${t('by')}</th></tr></thead><tbody>${page.events.map((e) => html`<tr data-sequence="${e.sequence}"><td>${e.version}</td><td>${t('eventTypes')[e.type] ?? e.type}</td>
      <td>${day(e.occurredOn)}</td><td>${instant(e.recordedAt)}</td><td>${e.recordedBy}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">${t('noEvents')}</p>`}
    <p class="pages">${after ? html`<a href="${here({ after: '' })}">${t('firstPage')}</a> ` : ''}${page.next ? html`<a href="${here({ after: String(page.next) })}" data-next-page>${t('nextPage')}</a>` : ''}</p>`;
}

async function workstreamPage(id, asOf, params) {
  const [w, series, organisationList] = await Promise.all([
    api(withDate(`/api/workstreams/${encodeURIComponent(id)}`, asOf)), seriesTo(`/api/workstreams/${encodeURIComponent(id)}/series`, asOf), api('/api/organisations')]);
  const organisations = namesOf(organisationList);
  // The history is for auditors and the PMO; chairs see the boards.
  const history = roles().some((role) => role === 'auditor' || role === 'pmo') ? await historySection(id, params, organisations) : '';
  return html`<p class="breadcrumbs">${link(`/working-groups/${encodeURIComponent(w.workingGroupId)}`, t('workingGroup'), asOf)} ›</p>
    <h2>${w.name} ${rag(w.rag.overall)}</h2>${boardTools(`/api/workstreams/${encodeURIComponent(id)}`, asOf)}
    <p>${day(w.startDate)} – ${day(w.dueDate)} · ${dateText(asOf)} · ${t('progress')} ${rag(w.rag.progress)}</p>${followForm('workstream', w.id)}
    <h3>${t('targets')}</h3>
    ${w.targets.length ? html`<table><thead><tr><th scope="col">${t('organisation')}</th><th scope="col">${t('kind')}</th><th scope="col">${t('done')}</th><th scope="col">${t('expected')}</th><th scope="col">${t('status')}</th></tr></thead>
      <tbody>${w.targets.map((target) => html`<tr${target.organisationId ? html` data-organisation-id="${target.organisationId}"` : ''}>
        <td>${target.organisationId ? link(`/organisations/${encodeURIComponent(target.organisationId)}`, organisations[target.organisationId] ?? target.organisationId, asOf) : t('countyLevel')}</td>
        <td>${t(target.kind)}</td><td>${target.done}</td><td>${target.expected}</td><td>${rag(target.rag)}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">${t('noTargetsInForce')}</p>`}
    ${series ? burnUps(series, organisations) : ''}
    <h3>${t('assessments')}</h3>
    ${w.assessments.length ? html`<table><thead><tr><th scope="col">${t('dimension')}</th><th scope="col">${t('status')}</th><th scope="col">${t('rationale')}</th><th scope="col">${t('dated')}</th></tr></thead>
      <tbody>${w.assessments.map((a) => html`<tr><td>${t(a.dimension) ?? a.dimension}</td><td>${rag(a.rag)}</td><td>${a.rationale}</td><td>${day(a.occurredOn)}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">${t('noAssessments')}</p>`}
    ${history}`;
}

/** Where a change's causes are in the history: the workstream's page, filtered to the events and starting at the first. */
const historyLink = (workstreamId, text, filter, firstSequence, asOf) => {
  const query = new URLSearchParams({ ...(asOf ? { asOf } : {}), ...filter, after: String(firstSequence - 1), ...(county ? { county } : {}) });
  return html`<a href="#/workstreams/${encodeURIComponent(workstreamId)}?${query}">${text}</a>`;
};

/**
 * Why a colour changed, in sentences a chair reads out: which parts of the colour changed; the items posted, counted;
 * each of the PMO's decisions with who recorded it and when; the due date passing; or time alone. Each sentence leads to its events in the history.
 */
function causeList(workstreamId, parts, causes, organisations, asOf) {
  const where = (organisationId) => (organisationId ? organisations[organisationId] ?? organisationId : t('countyLevel'));
  const canRead = roles().some((role) => role === 'auditor' || role === 'pmo');
  const toHistory = (text, filter, sequence) => (canRead ? historyLink(workstreamId, text, filter, sequence, asOf) : text);
  const posting = (p) => html`<li data-cause="${p.type}">${toHistory(t('posted')[p.type](p.count, where(p.organisationId)),
    { type: p.type, ...(p.organisationId ? { organisationId: p.organisationId } : {}) }, p.firstSequence)}
    <span class="muted">${t('recordedByAt', p.recordedBy.join(', '), instant(p.lastRecordedAt))}</span></li>`;
  // The most items first; past a handful, the rest folded away so that a busy fortnight stays readable.
  const posted = [...causes.posted].sort((a, b) => b.count - a.count);
  const items = [...parts.map((part) => html`<li data-cause="part" data-part="${part.part}">${t(part.part)}: ${rag(part.was)} → ${rag(part.now)}</li>`),
    ...posted.slice(0, 5).map(posting)];
  if (posted.length > 5) {
    items.push(html`<li><details><summary>${t('morePosted', posted.length - 5, posted.slice(5).reduce((sum, p) => sum + p.count, 0))}</summary>
      <ul>${posted.slice(5).map(posting)}</ul></details></li>`);
  }
  let dueWas = causes.earlierDecisions === 0 ? causes.dueDateWas : null;
  for (const note of causes.decisions) {
    const text = note.type === 'WorkstreamRescheduled' && dueWas ? t('dueMoved', day(dueWas), day(note.dueDate), note.text) : noteText(note, organisations);
    if (note.type === 'WorkstreamRescheduled') dueWas = note.dueDate;
    items.push(html`<li data-cause="${note.type}">${toHistory(`${day(note.occurredOn)}: ${text}`, { type: note.type }, note.sequence)}
      <span class="muted">${t('recordedByAt', note.recordedBy ?? '', instant(note.recordedAt))}</span></li>`);
  }
  if (causes.earlierDecisions) items.push(html`<li class="muted">${t('earlierDecisions', causes.earlierDecisions)}</li>`);
  if (causes.dueDatePassed) items.push(html`<li data-cause="DueDatePassed">${t('duePassed', day(causes.dueDate))}</li>`);
  if (items.length === parts.length && !causes.dueDatePassed) items.push(html`<li data-cause="TimeAlone">${t('timeAlone')}</li>`);
  return html`<ul class="causes">${items}</ul>`;
}

/**
 * "Follow": a subscription to this workstream, group or organisation, told in the inbox (#/notifications) when it
 * turns red, changes colour, or has a due date near and not green.
 */
function followForm(scope, scopeId) {
  return html`<form class="follow" id="follow-form" data-scope="${scope}" data-scope-id="${scopeId}">
    <label for="follow-trigger">${t('follow')}</label>
    <select id="follow-trigger" name="trigger">${['turns-red', 'colour-changes', 'due-soon'].map((trigger) => html`<option value="${trigger}">${t('triggers')[trigger]}</option>`)}</select>
    <label for="follow-days">${t('dueWithinDays')}</label> <input type="number" id="follow-days" name="dueWithinDays" min="1" max="365" value="14" size="4">
    <button type="submit">${t('followButton')}</button> <span id="follow-result" role="status"></span>
  </form>`;
}

/** Your notifications, newest first, each with its reasons; your subscriptions; for the PMO, the deliveries no webhook took. */
/** For auditors: the latest signed checkpoint, the keys that sign, and an evidence bundle of a period to verify offline. */
async function evidencePage() {
  const [checkpoint, keys] = await Promise.all([api('/api/audit/checkpoint').catch(() => null), api('/api/audit/public-key')]);
  return html`<h2>${t('evidence')}</h2><p>${t('evidenceIntro')}</p>
    <h3>${t('latestCheckpoint')}</h3>
    ${checkpoint ? html`<dl class="checkpoint" data-checkpoint-size="${checkpoint.size}"><dt>${t('checkpointEvents')}</dt><dd>${checkpoint.size}</dd>
      <dt>${t('checkpointMade')}</dt><dd>${instant(checkpoint.time)}</dd><dt>${t('checkpointRoot')}</dt><dd><code>${checkpoint.root}</code></dd>
      <dt>${t('keyId')}</dt><dd><code>${checkpoint.keyId}</code></dd></dl>` : html`<p class="muted">${t('noCheckpoint')}</p>`}
    ${roles().includes('pmo') ? html`<p><button type="button" id="seal-now">${t('sealNow')}</button></p>` : ''}
    <h3>${t('signingKeys')}</h3>
    <table><thead><tr><th scope="col">${t('keyId')}</th><th scope="col">${t('fingerprint')}</th><th scope="col"></th></tr></thead>
      <tbody>${keys.map((key) => html`<tr data-key-id="${key.keyId}"><td><code>${key.keyId}</code></td><td><code>${key.fingerprint}</code></td>
        <td>${key.current ? t('keyCurrent') : t('keyEarlier')}</td></tr>`)}</tbody></table>
    <h3>${t('bundle')}</h3>
    <form id="evidence-form" class="history-filter"><span>${t('bundlePeriod')}</span>
      <label for="evidence-from">${t('from')}</label> ${dayInput('evidence-from', 'from')}
      <label for="evidence-to">${t('to')}</label> ${dayInput('evidence-to', 'to')}
      <button type="submit">${t('downloadBundle')}</button> <span id="evidence-result" role="status"></span></form>
    <p class="muted">${t('bundleHowTo')}</p>`;
}

async function notificationsPage(asOf) {
  const pmo = roles().includes('pmo');
  const [notifications, subscriptions, organisationList, undelivered] = await Promise.all([
    api('/api/notifications'), api('/api/subscriptions'), api('/api/organisations'), pmo ? api('/api/notifications/undelivered') : []]);
  const organisations = namesOf(organisationList);
  const scopeRoute = { workstream: '/workstreams', 'working-group': '/working-groups', organisation: '/organisations' };
  const scopeLink = (item, name) => link(`${scopeRoute[item.scope]}/${encodeURIComponent(item.scopeId)}`, name ?? item.scopeId, asOf);
  return html`<h2>${t('notifications')}</h2>
    ${notifications.length ? html`<ol class="notifications">${notifications.map((n) => html`<li data-notification-id="${n.id}">
      <p><strong>${scopeLink(n, n.scopeName)}</strong>: ${rag(n.from)} → ${rag(n.to)} · ${t('triggers')[n.trigger]} · ${day(n.asOf)}
        <span class="muted">${instant(n.createdAt)}${n.deliveredAt ? html` · ${t('delivered')}` : ''}</span></p>
      <ul class="causes">${n.causes.map((c) => html`<li data-workstream-id="${c.workstreamId}">${link(`/workstreams/${encodeURIComponent(c.workstreamId)}`, c.name, asOf)}:
        ${n.trigger === 'due-soon' ? t('dueOn', day(c.dueDate)) : html`${rag(c.was)} → ${rag(c.now)}`}${causeList(c.workstreamId, [], c.events, organisations, n.asOf)}</li>`)}</ul>
    </li>`)}</ol>` : html`<p class="muted">${t('noNotifications')}</p>`}
    <h3>${t('subscriptions')}</h3>
    ${subscriptions.length ? html`<table><thead><tr><th scope="col">${t('followed')}</th><th scope="col">${t('when')}</th><th scope="col">${t('webhook')}</th><th scope="col"></th></tr></thead>
      <tbody>${subscriptions.map((s) => html`<tr data-subscription-id="${s.id}"><td>${scopeLink(s)}</td>
        <td>${t('triggers')[s.trigger]}${s.dueWithinDays ? ` (${s.dueWithinDays} ${t('days')})` : ''}</td><td>${s.webhookUrl ? new URL(s.webhookUrl).host : '–'}</td>
        <td><button type="button" data-unsubscribe="${s.id}">${t('unsubscribe')}</button></td></tr>`)}</tbody></table>`
      : html`<p class="muted">${t('noSubscriptions')}</p>`}
    ${pmo ? html`<h3>${t('undelivered')}</h3>${undelivered.length ? html`<table><thead><tr><th scope="col">${t('followed')}</th><th scope="col">${t('webhook')}</th>
      <th scope="col">${t('problem')}</th><th scope="col"></th></tr></thead><tbody>${undelivered.map((u) => html`<tr data-undelivered-id="${u.id}">
        <td>${u.scopeName ?? u.notificationId}</td><td>${u.webhookHost ?? '–'}</td><td>${u.problem}</td>
        <td><button type="button" data-retry="${u.id}">${t('retry')}</button></td></tr>`)}</tbody></table>` : html`<p class="muted">${t('noUndelivered')}</p>`}` : ''}`;
}

async function changesPage(params) {
  const asked = new URLSearchParams({ ...(dateParam(params, 'from') ? { from: dateParam(params, 'from') } : {}),
    ...(dateParam(params, 'to') || dateParam(params, 'asOf') ? { to: dateParam(params, 'to') || dateParam(params, 'asOf') } : {}),
    ...(knownAt ? { knownAt } : {}) });
  const [changes, organisationList] = await Promise.all([api(`/api/changes${asked.size ? `?${asked}` : ''}`), api('/api/organisations')]);
  const organisations = namesOf(organisationList);
  const { from, to } = changes;
  const rows = (items, route, render) => (items.length
    ? html`<table><thead><tr><th scope="col">${t('name')}</th><th scope="col">${t('was')}</th><th scope="col">${t('now')}</th><th scope="col">${t('why')}</th></tr></thead>
      <tbody>${items.map((item) => html`<tr data-changed-id="${item.id}"><td>${link(`${route}/${encodeURIComponent(item.id)}`, item.name, to)}</td>
        <td>${rag(item.was)}</td><td>${rag(item.now)}</td><td>${render(item)}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">${t('noChanges')}</p>`);
  return html`<h2>${t('changes')} ${day(from)}–${day(to)}</h2>
    <form class="changes" id="changes-form">
      <label for="from">${t('from')}</label> ${dayInput('from', 'from', day(from))}
      <label for="to">${t('to')}</label> ${dayInput('to', 'to', day(to))}
      <button type="submit">${t('compare')}</button>
      <span id="changes-problem" class="field-problem" role="alert"></span>
    </form>
    ${changes.widened ? html`<p class="legend" data-widened>${t('widened', day(to))}</p>` : ''}
    <p class="legend">${t('changesLegend', day(from), day(to))}</p>
    <h3>${t('changedWorkstreams')}</h3>${rows(changes.workstreams, '/workstreams', (w) => causeList(w.id, w.parts, w.causes, organisations, to))}
    <h3>${t('changedOrganisations')}</h3>${rows(changes.organisations, '/organisations', (o) => html`<ul class="causes">${o.workstreams.map((w) =>
      html`<li data-workstream-id="${w.id}">${link(`/workstreams/${encodeURIComponent(w.id)}`, w.name, to)}: ${rag(w.was)} → ${rag(w.now)}${causeList(w.id, [], w.causes, organisations, to)}</li>`)}</ul>`)}`;
}

// The national role's own page: every county's portfolio, each leading to that county's boards.
async function nationalPage(asOf) {
  const national = await api(withDate('/api/national/status', asOf));
  return html`<h2>${t('national')} ${dateText(asOf)}</h2>
    <p>${t('overallStatus')} ${rag(national.rag)} ${counts(national.counts)}</p>
    <table><thead><tr><th scope="col">${t('county')}</th><th scope="col">${t('status')}</th><th scope="col">${t('workstreams')}</th></tr></thead>
    <tbody>${national.counties.map((c) => html`<tr data-county-id="${c.id}">
      <td><a href="#/?${new URLSearchParams({ ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}), county: c.id })}">${c.name}</a></td><td>${rag(c.rag)}</td><td>${counts(c.counts)}</td></tr>`)}
    </tbody></table>`;
}

const countiesKey = 'transfer.counties';

/** Forgets the token and what came with it: its counties, kept for the tab, and its change stream. */
function signOut() {
  sessionStorage.removeItem(tokenKey);
  sessionStorage.removeItem(countiesKey);
  watching?.controller.abort();
  watching = null;
  lastChange = null;
}

/** The counties the token may read, asked once per token (kept for the tab, as the token is). */
async function countiesOfToken() {
  const token = sessionStorage.getItem(tokenKey);
  const kept = JSON.parse(sessionStorage.getItem(countiesKey) ?? 'null');
  if (kept?.token === token) return kept.counties;
  const counties = await api('/api/counties').catch((error) => { if (error instanceof SignInNeeded) throw error; return []; });
  sessionStorage.setItem(countiesKey, JSON.stringify({ token, counties }));
  return counties;
}

/** The county the boards show, named in the header (and for a national token, a way back to all of them). */
async function showCounty() {
  const national = roles().includes('national');
  const counties = await countiesOfToken();
  const shown = national ? counties.find((c) => c.id === county) : counties[0];
  countyName.innerHTML = html`${shown?.name ?? ''}${national ? html` <a href="#/national">${t('allCounties')}</a>` : ''}`;
  document.getElementById('import-link').hidden = !roles().includes('pmo');
  document.getElementById('evidence-link').hidden = !roles().some((role) => ['auditor', 'pmo', 'national'].includes(role));
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
function watchBoards() {
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
    ? t('updated', instant(lastChange.recordedAt))
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

let renders = 0;

async function render() {
  // Renders overlap (a hash change, the language switch, a live change): only the newest may write the page.
  const rendering = ++renders;
  const { parts, params } = currentRoute();
  const asOf = dateParam(params, 'asOf');
  knownAt = instantParam(params, 'knownAt');
  showLanguage();
  asOfInput.value = asOf ? finnishDay(asOf) : '';
  asOfInput.removeAttribute('aria-invalid');
  document.getElementById('as-of-problem').textContent = '';
  const national = sessionStorage.getItem(tokenKey) && roles().includes('national');
  county = national && /^[a-z0-9][a-z0-9-]{0,63}$/.test(params.get('county') ?? '') ? params.get('county') : '';
  try {
    const [page, id] = parts;
    await showCounty();
    const shown =
      page === 'national' || (national && !county) ? await nationalPage(asOf)
      : page === 'organisations' && id ? await organisationPage(id, asOf)
      : page === 'organisations' ? await organisationsPage(asOf)
      : (page === 'working-groups' || page === 'groups') && id ? await groupPage(id, asOf) // #/groups/{id}: earlier bookmarks
      : page === 'workstreams' && id ? await workstreamPage(id, asOf, params)
      : page === 'changes' ? await changesPage(params)
      : page === 'import' ? importPage()
      : page === 'notifications' ? await notificationsPage(asOf)
      : page === 'evidence' ? await evidencePage()
      : await portfolioPage(asOf);
    if (rendering !== renders) return;
    main.innerHTML = shown;
    document.title = `${main.querySelector('h2')?.textContent ?? t('title')} – ${t('title')}`;
    watchBoards();
    showUpdated();
  } catch (error) {
    if (rendering !== renders) return;
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
/** What the page's buttons do: downloads (with the token, as every request), sealing, unsubscribing, sending again. */
async function clicked(event) {
  const download = event.target.closest?.('[data-download]');
  if (download) {
    const path = download.dataset.download;
    const query = new URLSearchParams({ format: 'xlsx', ...(county ? { county } : {}) });
    await saveFile(`${path}${path.includes('?') ? '&' : '?'}${query}`, 'board.xlsx');
    return;
  }
  if (event.target.id === 'seal-now') {
    await api('/api/audit/checkpoint', 'POST', {});
    render();
    return;
  }
  const unsubscribe = event.target.closest?.('[data-unsubscribe]');
  const retry = event.target.closest?.('[data-retry]');
  if (unsubscribe || retry) {
    await (unsubscribe ? api(`/api/subscriptions/${encodeURIComponent(unsubscribe.dataset.unsubscribe)}`, 'DELETE')
      : api(`/api/notifications/undelivered/${encodeURIComponent(retry.dataset.retry)}/retry`, 'POST', {}));
    render();
    return;
  }
  if (event.target.id !== 'import-template') return;
  const kind = document.getElementById('import-kind').value;
  await saveFile(`/api/imports/templates/${encodeURIComponent(kind)}.xlsx`, `${kind}.xlsx`);
}

// A button whose request is refused says why beside itself, in the API's words; a token refused shows the sign-in.
main.addEventListener('click', (event) => clicked(event).catch((error) => {
  if (error instanceof SignInNeeded) render();
  else event.target.insertAdjacentHTML('afterend', html` <span class="field-problem" role="alert">${error.message}</span>`);
}));
document.querySelector('[data-lang-switch]').addEventListener('click', () => {
  switchLanguage();
  render();
});
document.getElementById('today').addEventListener('click', () => { asOfInput.value = ''; asOfInput.dispatchEvent(new Event('change')); });
document.getElementById('sign-out').addEventListener('click', () => { signOut(); render(); });
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
    const [from, to] = [typedDay(data, 'recordedFrom'), typedDay(data, 'recordedTo')];
    if (from === null || to === null) {
      document.getElementById('history-problem').textContent = t('badDate');
      return;
    }
    if (from) params.set('recordedFrom', from);
    if (to) params.set('recordedTo', to);
    location.hash = `${target.hash.split('?')[0]}?${params}`;
  } else if (event.target.id === 'import-form') {
    const data = new FormData(event.target);
    const dryRun = event.submitter?.value !== 'import';
    const result = document.getElementById('import-result');
    result.textContent = dryRun ? t('checking') : t('importing');
    postImport(data.get('kind'), data.get('file'), dryRun)
      .then((answer) => { result.innerHTML = importResult(answer, dryRun); })
      .catch((error) => { result.innerHTML = html`<p class="problem" role="alert">${error.message}</p>`; });
  } else if (event.target.id === 'follow-form') {
    const data = new FormData(event.target);
    const trigger = data.get('trigger');
    const result = document.getElementById('follow-result');
    api('/api/subscriptions', 'POST', { scope: event.target.dataset.scope, scopeId: event.target.dataset.scopeId, trigger,
      ...(trigger === 'due-soon' ? { dueWithinDays: Number(data.get('dueWithinDays')) } : {}) })
      .then(() => { result.innerHTML = html`${t('followedNow')} ${link('/notifications', t('notifications'))}`; })
      .catch((error) => { result.textContent = error.message; });
  } else if (event.target.id === 'evidence-form') {
    const data = new FormData(event.target);
    const [from, to] = [typedDay(data, 'from'), typedDay(data, 'to')];
    const result = document.getElementById('evidence-result');
    if (from === null || to === null) {
      result.textContent = t('badDate');
      return;
    }
    const query = new URLSearchParams({ ...(from ? { from: helsinkiMidnight(from) } : {}), ...(to ? { to: helsinkiMidnight(to, 1) } : {}), ...(county ? { county } : {}) });
    result.textContent = t('checking');
    saveFile(`/api/audit/evidence?${query}`, 'transfer-evidence.zip')
      .then(() => { result.textContent = ''; })
      .catch((error) => { result.textContent = error.message; });
  } else if (event.target.id === 'changes-form') {
    const data = new FormData(event.target);
    const [from, to] = [parseDay(data.get('from') ?? ''), parseDay(data.get('to') ?? '')];
    if (!from || !to) {
      document.getElementById('changes-problem').textContent = t('badDate');
      return;
    }
    location.hash = `/changes?${new URLSearchParams({ from, to, ...(knownAt ? { knownAt } : {}), ...(county ? { county } : {}) })}`;
  }
});

window.addEventListener('hashchange', render);
render();
