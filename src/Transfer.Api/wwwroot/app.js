// The chairs' dashboard: reads the same status routes as any client, with the bearer token kept in
// sessionStorage['transfer.token']. Routes live in the hash (#/organisations?asOf=2022-02-01) so that
// every board, at any date, has an address to bookmark or send.

const tokenKey = 'transfer.token';
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
  if (!token) throw new SignInNeeded('Sign in with a token to see the boards.');
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (response.status === 401) {
    sessionStorage.removeItem(tokenKey);
    throw new SignInNeeded('Your token was not accepted: it may have expired. Paste a new one.');
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || `The API answered ${response.status}.`);
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
const ragLabel = { red: 'Red', amber: 'Amber', green: 'Green', none: 'No status' };
// Every colour is written out as well: nothing depends on colour alone.
const rag = (value) => html`<span class="rag" data-rag="${value}">${ragLabel[value] ?? value}</span>`;
const counts = (c) => html`<span class="counts">${c.red} red · ${c.amber} amber · ${c.green} green · ${c.none} no status</span>`;
/** The query of a page address: its date and, for a national token, the county it reads. */
const pageQuery = (asOf) => {
  const params = new URLSearchParams();
  if (asOf) params.set('asOf', asOf);
  if (county) params.set('county', county);
  return params.size ? `?${params}` : '';
};
const link = (route, text, asOf) => html`<a href="#${route}${pageQuery(asOf)}">${text}</a>`;
const kindLabel = { contract: 'Contracts', system: 'Systems', staffData: 'Staff data', decision: 'Decisions' };
const dateText = (asOf) => (asOf ? `as of ${asOf}` : 'today');

function glance(workstreams, asOf) {
  return html`<div class="glance">${workstreams.map((w) =>
    html`<a class="cell" data-rag="${w.rag}" href="#/workstreams/${encodeURIComponent(w.id)}${pageQuery(asOf)}"
        title="${w.name}: ${ragLabel[w.rag]}" aria-label="${w.name}: ${ragLabel[w.rag]}">${w.rag[0].toUpperCase()}</a>`)}</div>`;
}

// ---- Pages ----------------------------------------------------------------------------------------

// Each page asks for its board in one request: the boards carry what the pages show.
async function portfolioPage(asOf) {
  const portfolio = await api(withDate('/api/portfolio', asOf));
  return html`<h2>Portfolio ${dateText(asOf)}</h2>
    <p>Overall ${rag(portfolio.rag)} ${counts(portfolio.counts)}</p>
    ${portfolio.groups.map((top) => html`
      <h3>${link(`/working-groups/${encodeURIComponent(top.id)}`, top.name, asOf)} ${rag(top.rag)}</h3>
      <table><thead><tr><th scope="col">Section or group</th><th scope="col">Status</th><th scope="col">Workstreams</th></tr></thead>
      <tbody>${top.groups.map((g) => html`<tr data-working-group-id="${g.id}">
        <td>${link(`/working-groups/${encodeURIComponent(g.id)}`, g.name, asOf)}</td><td>${rag(g.rag)}</td><td>${counts(g.counts)}</td></tr>`)}
      </tbody></table>`)}`;
}

async function organisationsPage(asOf) {
  const rows = await api(withDate('/api/organisations/status', asOf));
  return html`<h2>Municipality board ${dateText(asOf)}</h2>
    <p class="legend">One row per transferring organisation; the squares are its workstreams (R red, A amber, G green).</p>
    <table><thead><tr><th scope="col">Organisation</th><th scope="col">Status</th><th scope="col">Workstreams</th><th scope="col">At a glance</th></tr></thead>
    <tbody>${rows.map((o) => html`<tr data-organisation-id="${o.id}">
      <td>${link(`/organisations/${encodeURIComponent(o.id)}`, o.name, asOf)}</td>
      <td>${rag(o.rag)}</td><td>${counts(o.counts)}</td><td>${glance(o.workstreams, asOf)}</td></tr>`)}
    </tbody></table>`;
}

async function organisationPage(id, asOf) {
  const board = await api(withDate(`/api/organisations/${encodeURIComponent(id)}/status`, asOf));
  return html`<p class="breadcrumbs">${link('/organisations', 'Municipality board', asOf)} ›</p>
    <h2 data-organisation-id="${board.id}">${board.name} ${rag(board.rag)}</h2>
    <p>${counts(board.counts)} ${dateText(asOf)}</p>
    <table><thead><tr><th scope="col">Workstream</th><th scope="col">Status</th><th scope="col">Targets (done of expected)</th></tr></thead>
    <tbody>${board.workstreams.map((w) => html`<tr data-workstream-id="${w.id}">
      <td>${link(`/workstreams/${encodeURIComponent(w.id)}`, w.name, asOf)}</td><td>${rag(w.rag)}</td>
      <td>${joined(w.targets.map((t) => html`${kindLabel[t.kind]}: ${t.done} of ${t.expected} ${rag(t.rag)}`), html`<br>`)}</td></tr>`)}
    </tbody></table>`;
}

async function groupPage(id, asOf) {
  const group = await api(withDate(`/api/working-groups/${encodeURIComponent(id)}/status`, asOf));
  // Done counts each target up to its expected, so a target overshot does not hide one behind.
  const progress = (w) => (w.expected === 0 ? html`<span class="muted">no targets</span>`
    : `${w.done} of ${w.expected} (${Math.round((100 * w.done) / w.expected)} %)`);
  return html`<h2>${group.name} ${rag(group.rag)}</h2>
    <p>${counts(group.counts)} ${dateText(asOf)}</p>
    ${group.groups.length ? html`<h3>Groups</h3><table><thead><tr><th scope="col">Group</th><th scope="col">Status</th><th scope="col">Workstreams</th></tr></thead>
      <tbody>${group.groups.map((g) => html`<tr data-working-group-id="${g.id}"><td>${link(`/working-groups/${encodeURIComponent(g.id)}`, g.name, asOf)}</td>
      <td>${rag(g.rag)}</td><td>${counts(g.counts)}</td></tr>`)}</tbody></table>` : ''}
    ${group.workstreams.length ? html`<h3>Workstreams</h3><table><thead><tr><th scope="col">Workstream</th><th scope="col">Overall</th><th scope="col">Progress</th>
      <th scope="col">Deliverables</th><th scope="col">Schedule</th><th scope="col">Cost</th><th scope="col">Benefits</th><th scope="col">Risk</th><th scope="col">Done</th></tr></thead>
      <tbody>${group.workstreams.map((w) => html`<tr data-workstream-id="${w.id}"><td>${link(`/workstreams/${encodeURIComponent(w.id)}`, w.name, asOf)}</td>
        <td>${rag(w.rag)}</td><td>${rag(w.progress)}</td><td>${rag(w.deliverables)}</td><td>${rag(w.schedule)}</td>
        <td>${rag(w.cost)}</td><td>${rag(w.benefits)}</td><td>${rag(w.risk)}</td><td>${progress(w)}</td></tr>`)}</tbody></table>` : ''}`;
}

async function workstreamPage(id, asOf) {
  const w = await api(withDate(`/api/workstreams/${encodeURIComponent(id)}`, asOf));
  const organisations = Object.fromEntries((await api('/api/organisations')).map((o) => [o.id, o.name]));
  let history = '';
  // The history is for auditors and the PMO; chairs see the boards.
  if (roles().some((role) => role === 'auditor' || role === 'pmo')) {
    const events = await api(`/api/workstreams/${encodeURIComponent(id)}/history`);
    history = html`<h3>History</h3><table><thead><tr><th scope="col">#</th><th scope="col">What</th><th scope="col">Occurred</th>
      <th scope="col">Recorded</th><th scope="col">By</th></tr></thead><tbody>${events.map((e) => html`<tr><td>${e.version}</td><td>${e.type}</td>
      <td>${e.occurredOn ?? ''}</td><td>${new Date(e.recordedAt).toLocaleString('fi-FI')}</td><td>${e.recordedBy}</td></tr>`)}</tbody></table>`;
  }
  return html`<p class="breadcrumbs">${link(`/working-groups/${encodeURIComponent(w.workingGroupId)}`, 'Working group', asOf)} ›</p>
    <h2>${w.name} ${rag(w.rag.overall)}</h2>
    <p>${w.startDate} – ${w.dueDate} · ${dateText(asOf)} · progress ${rag(w.rag.progress)}</p>
    <h3>Targets</h3>
    ${w.targets.length ? html`<table><thead><tr><th scope="col">Organisation</th><th scope="col">Kind</th><th scope="col">Done</th><th scope="col">Expected</th><th scope="col">Status</th></tr></thead>
      <tbody>${w.targets.map((t) => html`<tr${t.organisationId ? html` data-organisation-id="${t.organisationId}"` : ''}>
        <td>${t.organisationId ? link(`/organisations/${encodeURIComponent(t.organisationId)}`, organisations[t.organisationId] ?? t.organisationId, asOf) : 'County level'}</td>
        <td>${kindLabel[t.kind]}</td><td>${t.done}</td><td>${t.expected}</td><td>${rag(t.rag)}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">No targets in force.</p>`}
    <h3>Latest assessments</h3>
    ${w.assessments.length ? html`<table><thead><tr><th scope="col">Dimension</th><th scope="col">Status</th><th scope="col">Rationale</th><th scope="col">Dated</th></tr></thead>
      <tbody>${w.assessments.map((a) => html`<tr><td>${a.dimension}</td><td>${rag(a.rag)}</td><td>${a.rationale}</td><td>${a.occurredOn}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">No assessments in force.</p>`}
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
    ? html`<table><thead><tr><th scope="col">Name</th><th scope="col">Was</th><th scope="col">Now</th></tr></thead><tbody>${items.map((i) =>
        html`<tr data-changed-id="${i.id}"><td>${link(`${route}/${encodeURIComponent(i.id)}`, i.name, to)}</td><td>${rag(i.was)}</td><td>${rag(i.rag)}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">No changes.</p>`;
  return html`<h2>What changed</h2>
    <form class="changes" id="changes-form">
      <label for="from">From</label> <input type="date" id="from" name="from" value="${from}">
      <label for="to">to</label> <input type="date" id="to" name="to" value="${to}">
      <button type="submit">Compare</button>
    </form>
    <h3>Workstreams that changed colour</h3>${rows(changed(before.workstreams, after.workstreams), '/workstreams')}
    <h3>Organisations that changed colour</h3>${rows(changed(before.organisations, after.organisations), '/organisations')}`;
}

// The national role's own page: every county's portfolio, each leading to that county's boards.
async function nationalPage(asOf) {
  const national = await api(withDate('/api/national/status', asOf));
  return html`<h2>National portfolio ${dateText(asOf)}</h2>
    <p>Overall ${rag(national.rag)} ${counts(national.counts)}</p>
    <table><thead><tr><th scope="col">Wellbeing services county</th><th scope="col">Status</th><th scope="col">Workstreams</th></tr></thead>
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
  countyName.innerHTML = html`${shown?.name ?? ''}${national ? html` <a href="#/national">All counties</a>` : ''}`;
  document.getElementById('import-link').hidden = !roles().includes('pmo');
  // The header's boards stay in the county a national token is reading.
  for (const a of document.querySelectorAll('header nav a'))
    a.setAttribute('href', a.getAttribute('href').split('?')[0] + (county ? `?county=${encodeURIComponent(county)}` : ''));
}

// ---- The PMO's import ------------------------------------------------------------------------------

const importKinds = ['contracts', 'systems', 'staff-data', 'decisions', 'assessments', 'retractions'];

function importPage() {
  return html`<h2>Import a spreadsheet</h2>
    <p class="legend">One kind of event per file: a header row naming the columns (as in the template), then one event per row.
      Check it first: every row is decided as a single posting would be, and nothing is stored until you import.</p>
    <form id="import-form" class="import">
      <label for="import-kind">Kind</label>
      <select id="import-kind" name="kind">${importKinds.map((kind) => html`<option value="${kind}">${kind}</option>`)}</select>
      <label for="import-file">File (.csv or .xlsx)</label>
      <input type="file" id="import-file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
      <button type="submit" name="action" value="check">Check</button>
      <button type="submit" name="action" value="import">Import</button>
      <button type="button" id="import-template">Download the template</button>
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
      ? html`<p class="ok" data-import-outcome="checked">All ${body.rows} rows are fine: importing would record ${body.events} events.</p>`
      : html`<p class="ok" data-import-outcome="imported">Imported: ${body.events} events from ${body.rows} rows (import ${body.importId}).</p>`;
  }
  const problems = Object.entries(body.errors ?? {}).flatMap(([key, messages]) => {
    const [, row, field] = /^rows\[(\d+)\]\.(.+)$/.exec(key) ?? [null, '', key];
    return messages.map((message) => ({ row, field, message }));
  });
  return html`<div class="problem" role="alert" data-import-outcome="refused"><p>${body.detail ?? body.title ?? `The API answered ${status}.`} Nothing was stored.</p>
    ${problems.length ? html`<table><thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
      <tbody>${problems.map((p) => html`<tr data-row="${p.row}"><td>${p.row}</td><td>${p.field}</td><td>${p.message}</td></tr>`)}</tbody></table>` : ''}</div>`;
}

function signInPage(message) {
  return html`<section class="sign-in"><h2>Sign in</h2><p>${message}</p>
    <form id="sign-in-form"><label for="token">Your token (the run command prints a chair token)</label>
    <textarea id="token" name="token" required autocomplete="off"></textarea>
    <button type="submit">Show the boards</button></form></section>`;
}

// ---- Routing --------------------------------------------------------------------------------------

function currentRoute() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  return { parts: (path || '/').split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || '') };
}

async function render() {
  const { parts, params } = currentRoute();
  const asOf = dateParam(params, 'asOf');
  asOfInput.value = asOf;
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
      : page === 'workstreams' && id ? await workstreamPage(id, asOf)
      : page === 'changes' ? await changesPage(params)
      : page === 'import' ? importPage()
      : await portfolioPage(asOf);
    document.title = `${main.querySelector('h2')?.textContent ?? 'Boards'} – Transfer readiness`;
  } catch (error) {
    if (error instanceof SignInNeeded) main.innerHTML = signInPage(error.message);
    else main.innerHTML = html`<div class="problem" role="alert"><h2>That could not be shown</h2><p>${error.message}</p></div>`;
  }
}

asOfInput.addEventListener('change', () => {
  const { parts, params } = currentRoute();
  if (asOfInput.value) params.set('asOf', asOfInput.value); else params.delete('asOf');
  if (county) params.set('county', county);
  location.hash = `/${parts.map(encodeURIComponent).join('/')}${params.size ? `?${params}` : ''}`;
});
// The template downloads with the token, as every request does, then is saved as the file it is.
main.addEventListener('click', async (event) => {
  if (event.target.id !== 'import-template') return;
  const kind = document.getElementById('import-kind').value;
  const response = await fetch(`/api/imports/templates/${encodeURIComponent(kind)}.xlsx`, { headers: { Authorization: `Bearer ${sessionStorage.getItem(tokenKey)}` } });
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(await response.blob()), download: `${kind}.xlsx` });
  link.click();
  URL.revokeObjectURL(link.href);
});
document.getElementById('today').addEventListener('click', () => { asOfInput.value = ''; asOfInput.dispatchEvent(new Event('change')); });
document.getElementById('sign-out').addEventListener('click', () => { sessionStorage.removeItem(tokenKey); render(); });
document.getElementById('as-of-form').addEventListener('submit', (event) => event.preventDefault());

main.addEventListener('submit', (event) => {
  event.preventDefault();
  if (event.target.id === 'sign-in-form') {
    sessionStorage.setItem(tokenKey, new FormData(event.target).get('token').trim());
    render();
  } else if (event.target.id === 'import-form') {
    const data = new FormData(event.target);
    const dryRun = event.submitter?.value !== 'import';
    const result = document.getElementById('import-result');
    result.textContent = dryRun ? 'Checking…' : 'Importing…';
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
