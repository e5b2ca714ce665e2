// What changed between two boards, and why: the workstreams and organisations whose colour differs, each
// with its causes (causes.js). A comparison of two dates, so a new event does not redraw it.

import { t, day, parseDay } from '../i18n.js';
import { html, rag } from '../markup.js';
import { api } from '../api.js';
import { county, dateParam, knownAt, link } from '../addresses.js';
import { organisationNames } from '../board.js';
import { dayInput } from '../days.js';
import { causeList } from '../causes.js';

export const followsChanges = false;

export async function render({ params }) {
  const to = dateParam(params, 'to') || dateParam(params, 'asOf');
  const asked = new URLSearchParams({ ...(dateParam(params, 'from') ? { from: dateParam(params, 'from') } : {}), ...(to ? { to } : {}),
    ...(knownAt ? { knownAt } : {}) });
  const [changes, organisations] = await Promise.all([api(`/api/changes${asked.size ? `?${asked}` : ''}`), organisationNames()]);
  // The window the API compared: the one asked for, or its default.
  const { from, to: until } = changes;
  const rows = (items, route, why) => (items.length
    ? html`<table><thead><tr><th scope="col">${t('name')}</th><th scope="col">${t('was')}</th><th scope="col">${t('now')}</th><th scope="col">${t('why')}</th></tr></thead>
      <tbody>${items.map((item) => html`<tr data-changed-id="${item.id}"><td>${link(`${route}/${encodeURIComponent(item.id)}`, item.name, until)}</td>
        <td>${rag(item.was)}</td><td>${rag(item.now)}</td><td>${why(item)}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">${t('noChanges')}</p>`);
  return html`<h2>${t('changes')} ${day(from)}–${day(until)}</h2>
    <form class="changes" id="changes-form">
      <label for="from">${t('from')}</label> ${dayInput('from', 'from', day(from))}
      <label for="to">${t('to')}</label> ${dayInput('to', 'to', day(until))}
      <button type="submit">${t('compare')}</button>
      <span id="changes-problem" class="field-problem" role="alert"></span>
    </form>
    ${changes.widened ? html`<p class="legend" data-widened>${t('widened', day(until))}</p>` : ''}
    <p class="legend">${t('changesLegend', day(from), day(until))}</p>
    <h3>${t('changedWorkstreams')}</h3>${rows(changes.workstreams, '/workstreams', (w) => causeList(w.id, w.parts, w.causes, organisations, until))}
    <h3>${t('changedOrganisations')}</h3>${rows(changes.organisations, '/organisations', (o) => html`<ul class="causes">${o.workstreams.map((w) =>
      html`<li data-workstream-id="${w.id}">${link(`/workstreams/${encodeURIComponent(w.id)}`, w.name, until)}: ${rag(w.was)} → ${rag(w.now)}${causeList(w.id, [], w.causes, organisations, until)}</li>`)}</ul>`)}`;
}

export function attach(root) {
  const form = root.querySelector('#changes-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const [from, to] = [parseDay(data.get('from') ?? ''), parseDay(data.get('to') ?? '')];
    if (!from || !to) {
      root.querySelector('#changes-problem').textContent = t('badDate');
      return;
    }
    location.hash = `/changes?${new URLSearchParams({ from, to, ...(knownAt ? { knownAt } : {}), ...(county ? { county } : {}) })}`;
  });
}
