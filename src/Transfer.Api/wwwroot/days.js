// Days as the PMO means them: typed in the Finnish form whatever the browser's locale, and Helsinki's
// days whatever the browser's zone.

import { t, parseDay } from './i18n.js';
import { html } from './markup.js';

/** A field for a day, written in the Finnish form whatever the browser's locale (as the header's date control). */
export const dayInput = (id, name, value = '') =>
  html`<input type="text" id="${id}" name="${name}" inputmode="numeric" size="10" placeholder="${t('asOfHint')}" value="${value}">`;

/** A day typed into a form's field: YYYY-MM-DD, '' when left empty, or null when it is no date. */
export const typedDay = (data, name) => ((data.get(name) ?? '').trim() ? parseDay(data.get(name)) : '');

/** Today in Helsinki, YYYY-MM-DD. */
export const helsinkiToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });

/**
 * Midnight in Helsinki starting the day (or the day `days` later), as an instant the API reads: the event
 * log is filtered by when events were recorded, and the PMO's day is Helsinki's.
 */
export function helsinkiMidnight(iso, days = 0) {
  const utcMidnight = new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86400000);
  const helsinki = new Date(utcMidnight.toLocaleString('en-US', { timeZone: 'Europe/Helsinki' }));
  const utc = new Date(utcMidnight.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(utcMidnight.getTime() - (helsinki - utc)).toISOString();
}
