// The portfolio: every section and its groups, with the red, amber and green counts week by week.

import { t } from '../i18n.js';
import { html, rag, counts } from '../markup.js';
import { countsChart } from '../charts.js';
import { api } from '../api.js';
import { link, withDate } from '../addresses.js';
import { attachBoardTools, boardTools, dateText, seriesTo } from '../board.js';

export async function render({ asOf }) {
  const [portfolio, series] = await Promise.all([api(withDate('/api/portfolio', asOf)), seriesTo('/api/portfolio/series', asOf)]);
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

export const attach = (root, { redraw }) => attachBoardTools(root, redraw);
