// The national role's own page: every county's portfolio, each leading to that county's boards.

import { t } from '../i18n.js';
import { html, rag, counts } from '../markup.js';
import { api } from '../api.js';
import { knownAt, withDate } from '../addresses.js';
import { dateText } from '../board.js';

export async function render({ asOf }) {
  const national = await api(withDate('/api/national/status', asOf));
  return html`<h2>${t('national')} ${dateText(asOf)}</h2>
    <p>${t('overallStatus')} ${rag(national.rag)} ${counts(national.counts)}</p>
    <table><thead><tr><th scope="col">${t('county')}</th><th scope="col">${t('status')}</th><th scope="col">${t('workstreams')}</th></tr></thead>
    <tbody>${national.counties.map((c) => html`<tr data-county-id="${c.id}">
      <td><a href="#/?${new URLSearchParams({ ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}), county: c.id })}">${c.name}</a></td><td>${rag(c.rag)}</td><td>${counts(c.counts)}</td></tr>`)}
    </tbody></table>`;
}
