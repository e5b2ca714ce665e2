// A workstream: its targets per organisation, a burn-up per target, its latest assessments, and for
// auditors and the PMO its history.

import { t, day } from '../i18n.js';
import { html, rag } from '../markup.js';
import { burnUps } from '../charts.js';
import { api } from '../api.js';
import { link, withDate } from '../addresses.js';
import { hasRole } from '../session.js';
import { attachBoardTools, boardTools, dateText, organisationNames, seriesTo } from '../board.js';
import { attachFollow, followForm } from '../follow.js';
import * as history from './history.js';

export async function render({ id, asOf, params }) {
  const path = `/api/workstreams/${encodeURIComponent(id)}`;
  // The history is for auditors and the PMO; chairs see the boards.
  const [w, series, organisations, events] = await Promise.all([api(withDate(path, asOf)), seriesTo(`${path}/series`, asOf), organisationNames(),
    hasRole('auditor', 'pmo') ? history.read(id, params) : null]);
  return html`<p class="breadcrumbs">${link(`/working-groups/${encodeURIComponent(w.workingGroupId)}`, t('workingGroup'), asOf)} ›</p>
    <h2>${w.name} ${rag(w.rag.overall)}</h2>${boardTools(path, asOf)}
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
    ${events ? history.section(events, organisations) : ''}`;
}

export function attach(root, { redraw }) {
  attachBoardTools(root, redraw);
  attachFollow(root);
  history.attach(root);
}
