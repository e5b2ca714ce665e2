// The language on screen and how it writes words, dates and instants: Finnish unless English was chosen,
// the choice remembered on this device. Every word comes from strings.js.

import { strings } from './strings.js';

const languageKey = 'transfer.lang';
export let language = localStorage.getItem(languageKey) === 'en' ? 'en' : 'fi';

export function switchLanguage() {
  language = language === 'fi' ? 'en' : 'fi';
  localStorage.setItem(languageKey, language);
}

/** A word or phrase in the language on screen (strings.js). */
export const t = (key, ...args) => { const text = strings[language][key]; return typeof text === 'function' ? text(...args) : text; };
/** An ISO date in the Finnish form, 1.2.2022: how the date control always writes it. */
export const finnishDay = (iso) => {
  const [year, month, date] = iso.split('-').map(Number);
  return `${date}.${month}.${year}`;
};
/** A date as the language writes it: 1.2.2022 in Finnish, 2022-02-01 in English. */
export const day = (iso) => (!iso ? '' : language === 'fi' ? finnishDay(iso) : iso);
/** An instant as Helsinki's clock showed it, written as the language writes it. */
export const instant = (value) => new Date(value).toLocaleString(language === 'fi' ? 'fi-FI' : 'en-GB', { timeZone: 'Europe/Helsinki' });
/** A date field's text as an ISO date: 1.2.2022 (or 2022-02-01); null when it is not a date. */
export function parseDay(text) {
  const finnish = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  const iso = finnish ? `${finnish[3]}-${finnish[2].padStart(2, '0')}-${finnish[1].padStart(2, '0')}` : text.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso)) && new Date(iso).toISOString().startsWith(iso) ? iso : null;
}
