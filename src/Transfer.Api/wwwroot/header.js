// The header every page shares (index.html): its words in the language on screen and the switch to the
// other, the date control, the county the boards are of, the links each role is offered, and signing out.

import { language, switchLanguage, t, finnishDay, parseDay } from './i18n.js';
import { html } from './markup.js';
import { api, SignInNeeded } from './api.js';
import { county, currentRoute } from './addresses.js';
import { hasRole, onSignOut, signOut, token } from './session.js';

const asOfInput = document.getElementById('as-of');
const asOfProblem = document.getElementById('as-of-problem');
const countiesKey = 'transfer.counties';
onSignOut(() => sessionStorage.removeItem(countiesKey));

/** The header for the page about to be drawn at the date `asOf` ('' for today). */
export async function showHeader(asOf) {
  showLanguage();
  asOfInput.value = asOf ? finnishDay(asOf) : '';
  asOfInput.removeAttribute('aria-invalid');
  asOfProblem.textContent = '';
  await showCounty();
}

function showLanguage() {
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll('[data-text]')) element.textContent = t(element.dataset.text);
  asOfInput.placeholder = t('asOfHint');
  const toggle = document.querySelector('[data-lang-switch]');
  toggle.textContent = t('switchTo');
  toggle.lang = language === 'fi' ? 'en' : 'fi';
}

/** The counties the token may read, asked once per token (kept for the tab, as the token is). */
async function countiesOfToken() {
  const kept = JSON.parse(sessionStorage.getItem(countiesKey) ?? 'null');
  if (kept?.token === token()) return kept.counties;
  const counties = await api('/api/counties').catch((error) => { if (error instanceof SignInNeeded) throw error; return []; });
  sessionStorage.setItem(countiesKey, JSON.stringify({ token: token(), counties }));
  return counties;
}

/** The county the boards show, named (for a national token with a way back to all of them), and the links the roles are offered. */
async function showCounty() {
  const national = hasRole('national');
  const counties = await countiesOfToken();
  const shown = national ? counties.find((c) => c.id === county) : counties[0];
  document.getElementById('county').innerHTML = html`${shown?.name ?? ''}${national ? html` <a href="#/national">${t('allCounties')}</a>` : ''}`;
  document.getElementById('import-link').hidden = !hasRole('pmo');
  document.getElementById('evidence-link').hidden = !hasRole('auditor', 'pmo', 'national');
  // The header's boards stay in the county a national token is reading.
  for (const a of document.querySelectorAll('header nav a'))
    a.setAttribute('href', a.getAttribute('href').split('?')[0] + (county ? `?county=${encodeURIComponent(county)}` : ''));
}

/** A date chosen puts it in the address (which draws the board for it); what is no date is refused on the spot. */
function dateChosen() {
  const { parts, params } = currentRoute();
  const chosen = asOfInput.value.trim() ? parseDay(asOfInput.value) : '';
  if (chosen === null) {
    asOfInput.setAttribute('aria-invalid', 'true');
    asOfProblem.textContent = t('badDate');
    return;
  }
  if (chosen) params.set('asOf', chosen); else params.delete('asOf');
  if (county) params.set('county', county);
  location.hash = `/${parts.map(encodeURIComponent).join('/')}${params.size ? `?${params}` : ''}`;
}

/** The header's controls, wired once: `redraw` draws the page on screen again. */
export function wireHeader(redraw) {
  asOfInput.addEventListener('change', dateChosen);
  document.getElementById('as-of-form').addEventListener('submit', (event) => event.preventDefault());
  document.getElementById('today').addEventListener('click', () => { asOfInput.value = ''; dateChosen(); });
  document.getElementById('sign-out').addEventListener('click', () => { signOut(); redraw(); });
  document.querySelector('[data-lang-switch]').addEventListener('click', () => { switchLanguage(); redraw(); });
}
