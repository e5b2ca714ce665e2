// What the board pages share: the line saying which day a board is for, its Excel download and printed
// date, a chart's series read to the board's day, and the organisations' names.

import { t, day, instant } from './i18n.js';
import { html } from './markup.js';
import { api, saveFile, SignInNeeded } from './api.js';
import { county, knownAt, withDate } from './addresses.js';
import { helsinkiToday } from './days.js';
import { whenClicked } from './actions.js';

export const dateText = (asOf) => `${asOf ? t('asOfDay', day(asOf)) : t('todayText')}${knownAt ? ` ${t('knownAtText', instant(knownAt))}` : ''}`;

/**
 * Above each board: the same board as an Excel workbook (the API's format=xlsx), and, printed only, the
 * date it is for and when it was known, so a meeting pack says what it shows.
 */
export function boardTools(path, asOf) {
  const now = instant(new Date());
  return html`<p class="tools"><button type="button" data-download="${withDate(path, asOf)}">${t('excel')}</button></p>
    <p class="print-only">${t('printed', day(asOf || helsinkiToday()), now)}</p>`;
}

/** The download button of boardTools: the workbook fetched with the token, as every request is. */
export function attachBoardTools(root, redraw) {
  for (const button of root.querySelectorAll('[data-download]')) {
    whenClicked(button, () => {
      const path = button.dataset.download;
      const query = new URLSearchParams({ format: 'xlsx', ...(county ? { county } : {}) });
      return saveFile(`${path}${path.includes('?') ? '&' : '?'}${query}`, 'board.xlsx');
    }, redraw);
  }
}

/** The series of a chart up to the board's date, as known when the board is; a chart that cannot be read leaves the board shown without it. */
export function seriesTo(path, asOf) {
  const query = new URLSearchParams({ ...(asOf ? { to: asOf } : {}), ...(knownAt ? { knownAt } : {}) });
  return api(query.size ? `${path}?${query}` : path).catch((error) => { if (error instanceof SignInNeeded) throw error; return null; });
}

/** Id → name of the county's organisations, as a page names the ids its rows and causes carry. */
export const organisationNames = async () => Object.fromEntries((await api('/api/organisations')).map((o) => [o.id, o.name]));
