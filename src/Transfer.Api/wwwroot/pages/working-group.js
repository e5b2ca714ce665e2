// A working group: its groups, and every workstream with its due date, colour, progress and the
// assessment parts some workstream of the group has.

import { t, day } from '../i18n.js';
import { html, rag, counts } from '../markup.js';
import { api } from '../api.js';
import { link, withDate } from '../addresses.js';
import { attachBoardTools, boardTools, dateText } from '../board.js';
import { attachFollow, followForm } from '../follow.js';

// Done counts each target up to its expected, so a target overshot does not hide one behind.
const progress = (w) => (w.expected === 0 ? html`<span class="muted">${t('noTargets')}</span>`
  : t('progressOf', w.done, w.expected, Math.round((100 * w.done) / w.expected)));

export async function render({ id, asOf }) {
  const path = `/api/working-groups/${encodeURIComponent(id)}/status`;
  const group = await api(withDate(path, asOf));
  // Assessment parts no workstream here has are left out: a wall of "no status" says nothing.
  const parts = ['deliverables', 'schedule', 'cost', 'benefits', 'risk'].filter((part) => group.workstreams.some((w) => w[part] !== 'none'));
  return html`<h2>${group.name} ${rag(group.rag)}</h2>${boardTools(path, asOf)}
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

export function attach(root, { redraw }) {
  attachBoardTools(root, redraw);
  attachFollow(root);
}
