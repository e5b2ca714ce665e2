// One organisation: its workstreams' targets, and its colour strip (its colour and each workstream's,
// week by week).

import { t } from '../i18n.js';
import { html, joined, rag, counts } from '../markup.js';
import { colourStrip } from '../charts.js';
import { api } from '../api.js';
import { link, withDate } from '../addresses.js';
import { attachBoardTools, boardTools, dateText, seriesTo } from '../board.js';
import { attachFollow, followForm } from '../follow.js';

export async function render({ id, asOf }) {
  const path = `/api/organisations/${encodeURIComponent(id)}`;
  const [board, series] = await Promise.all([api(withDate(`${path}/status`, asOf)), seriesTo(`${path}/series`, asOf)]);
  return html`<p class="breadcrumbs">${link('/organisations', t('organisationsBoard'), asOf)} ›</p>
    <h2 data-organisation-id="${board.id}">${board.name} ${rag(board.rag)}</h2>${boardTools(`${path}/status`, asOf)}
    <p>${counts(board.counts)} ${dateText(asOf)}</p>${followForm('organisation', board.id)}
    <table><thead><tr><th scope="col">${t('workstream')}</th><th scope="col">${t('status')}</th><th scope="col">${t('targetsDone')}</th></tr></thead>
    <tbody>${board.workstreams.map((w) => html`<tr data-workstream-id="${w.id}">
      <td>${link(`/workstreams/${encodeURIComponent(w.id)}`, w.name, asOf)}</td><td>${rag(w.rag)}</td>
      <td>${joined(w.targets.map((target) => html`${t('target', t(target.kind), target.done, target.expected)} ${rag(target.rag)}`), html`<br>`)}</td></tr>`)}
    </tbody></table>
    ${series ? colourStrip(series, (row) => link(`/workstreams/${encodeURIComponent(row.id)}`, row.name, asOf)) : ''}`;
}

export function attach(root, { redraw }) {
  attachBoardTools(root, redraw);
  attachFollow(root);
}
