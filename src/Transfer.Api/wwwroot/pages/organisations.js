// The municipality board: one row per transferring organisation, with its colour, its last eight weeks,
// and its workstreams' colours at a glance.

import { t } from '../i18n.js';
import { html, rag, counts } from '../markup.js';
import { trend } from '../charts.js';
import { api } from '../api.js';
import { link, pageQuery, withDate } from '../addresses.js';
import { attachBoardTools, boardTools, dateText, seriesTo } from '../board.js';

function glance(workstreams, asOf) {
  return html`<div class="glance">${workstreams.map((w) =>
    html`<a class="cell" data-rag="${w.rag}" href="#/workstreams/${encodeURIComponent(w.id)}${pageQuery(asOf)}"
        title="${w.name}: ${t(w.rag)}" aria-label="${w.name}: ${t(w.rag)}">${t('initials')[w.rag]}</a>`)}</div>`;
}

export async function render({ asOf }) {
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

export const attach = (root, { redraw }) => attachBoardTools(root, redraw);
