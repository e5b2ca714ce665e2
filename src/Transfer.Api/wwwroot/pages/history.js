// A workstream's history for auditors and the PMO (part of its page), a page at a time since a long one
// holds thousands of events, filtered by type, organisation and the day recorded: one request to the event
// log per page. The filter's types are the API's own.

import { t, day, instant } from '../i18n.js';
import { html } from '../markup.js';
import { api } from '../api.js';
import { dateParam } from '../addresses.js';
import { dayInput, helsinkiMidnight, typedDay } from '../days.js';
import { eventTypes } from '../openapi.js';

const pageSize = 50;
const typeName = (type) => t('eventTypes')[type] ?? type;

/** The page of the history the address asks for; only what the address holds in the right form is used. */
export async function read(id, params) {
  const types = await eventTypes();
  const type = types.includes(params.get('type')) ? params.get('type') : '';
  const organisation = /^[a-z0-9][a-z0-9-]{0,63}$/.test(params.get('organisationId') ?? '') ? params.get('organisationId') : '';
  const after = /^\d+$/.test(params.get('after') ?? '') ? params.get('after') : '';
  const [recordedFrom, recordedTo] = [dateParam(params, 'recordedFrom'), dateParam(params, 'recordedTo')];
  const query = new URLSearchParams({ workstreamId: id, limit: String(pageSize), ...(type ? { type } : {}),
    ...(organisation ? { organisationId: organisation } : {}), ...(after ? { after } : {}),
    ...(recordedFrom ? { from: helsinkiMidnight(recordedFrom) } : {}), ...(recordedTo ? { to: helsinkiMidnight(recordedTo, 1) } : {}) });
  const page = await api(`/api/audit/events?${query}`);
  return { id, params, types, type, organisation, after, recordedFrom, recordedTo, page };
}

export function section({ id, params, types, type, organisation, after, recordedFrom, recordedTo, page }, organisations) {
  const here = (changes) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) if (value) next.set(key, value); else next.delete(key);
    return `#/workstreams/${encodeURIComponent(id)}?${next}`;
  };
  return html`<h3>${t('history')}</h3>
    <form class="history-filter" id="history-filter" data-base="${here({ type: '', organisationId: '', after: '', recordedFrom: '', recordedTo: '' })}">
      <label for="history-type">${t('what')}</label>
      <select id="history-type" name="type"><option value="">${t('allTypes')}</option>${types.map((name) =>
        html`<option value="${name}"${name === type ? html` selected` : ''}>${typeName(name)}</option>`)}</select>
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
      <th scope="col">${t('recorded')}</th><th scope="col">${t('by')}</th></tr></thead><tbody>${page.events.map((e) => html`<tr data-sequence="${e.sequence}"><td>${e.version}</td><td>${typeName(e.type)}</td>
      <td>${day(e.occurredOn)}</td><td>${instant(e.recordedAt)}</td><td>${e.recordedBy}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">${t('noEvents')}</p>`}
    <p class="pages">${after ? html`<a href="${here({ after: '' })}">${t('firstPage')}</a> ` : ''}${page.next ? html`<a href="${here({ after: String(page.next) })}" data-next-page>${t('nextPage')}</a>` : ''}</p>`;
}

/** The filter goes into the address, from the first page; a day that is no date is refused on the spot. */
export function attach(root) {
  const form = root.querySelector('#history-filter');
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const target = new URL(form.dataset.base, location.href);
    const params = new URLSearchParams(target.hash.split('?')[1] ?? '');
    for (const key of ['type', 'organisationId']) if (data.get(key)) params.set(key, data.get(key));
    const [from, to] = [typedDay(data, 'recordedFrom'), typedDay(data, 'recordedTo')];
    if (from === null || to === null) {
      root.querySelector('#history-problem').textContent = t('badDate');
      return;
    }
    if (from) params.set('recordedFrom', from);
    if (to) params.set('recordedTo', to);
    location.hash = `${target.hash.split('?')[0]}?${params}`;
  });
}
