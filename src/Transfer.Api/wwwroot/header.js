// The header every page shares (index.html): its words in the language on screen and the switch to the
// other, the date control, the county the boards are of, who is signed in and in what roles, the links
// those roles are offered, and signing out.

import { language, switchLanguage, t, finnishDay, parseDay } from './i18n.js';
import { html } from './markup.js';
import { api, SignInNeeded } from './api.js';
import { county, currentRoute } from './addresses.js';
import { hasRole, identity, onSignOut, person, signOut } from './session.js';

const asOfInput = document.getElementById('as-of');
const asOfProblem = document.getElementById('as-of-problem');
const signOutButton = document.getElementById('sign-out');

// The counties the person may read, asked once per sign-in and kept in memory only.
let counties = null;
onSignOut(() => { counties = null; });

/** The header's words in the language on screen, and the date control at `asOf` ('' for today): first, whoever is signed in. */
export function showLanguage(asOf) {
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll('[data-text]')) element.textContent = t(element.dataset.text);
  asOfInput.placeholder = t('asOfHint');
  const toggle = document.querySelector('[data-lang-switch]');
  toggle.textContent = t('switchTo');
  toggle.lang = language === 'fi' ? 'en' : 'fi';
  asOfInput.value = asOf ? finnishDay(asOf) : '';
  asOfInput.removeAttribute('aria-invalid');
  asOfProblem.textContent = '';
}

async function countiesOfPerson() {
  if (counties?.of === identity()) return counties.list;
  const list = await api('/api/counties').catch((error) => { if (error instanceof SignInNeeded) throw error; return []; });
  counties = { of: identity(), list };
  return list;
}

/**
 * The header for the person signed in: the county the boards show, named (for a national reader with a way
 * back to all of them), the person's name and roles, and the links the roles are offered.
 */
export async function showHeader() {
  const me = person();
  const roles = me.roles ?? [];
  const national = hasRole('national');
  // Someone without any of our roles may read nothing, the counties' names included.
  const known = roles.length ? await countiesOfPerson() : [];
  const shown = national ? known.find((c) => c.id === county) : known.find((c) => c.id === me.county) ?? known[0];
  document.getElementById('county').innerHTML = html`${shown?.name ?? ''}${national ? html` <a href="#/national">${t('allCounties')}</a>` : ''}`;
  const roleNames = roles.map((role) => t('roleNames')[role] ?? role).join(', ') || t('noRole');
  document.getElementById('who').innerHTML = html`<span data-person>${me.name}</span> <span data-roles="${roles.join(' ')}">(${roleNames})</span>`;
  showBoardControls(roles.length > 0);
  document.getElementById('import-link').hidden = !hasRole('pmo');
  document.getElementById('evidence-link').hidden = !hasRole('auditor', 'pmo', 'national');
  signOutButton.hidden = false;
  // The header's boards stay in the county a national reader is reading; anyone else's lead to their own county's.
  const carried = national ? county : '';
  for (const a of document.querySelectorAll('header nav a'))
    a.setAttribute('href', a.getAttribute('href').split('?')[0] + (carried ? `?county=${encodeURIComponent(carried)}` : ''));
}

/** The boards' links and date control, offered unless the person signed in may read no board. */
function showBoardControls(shown) {
  for (const element of [document.querySelector('header nav'), document.querySelector('label[for="as-of"]'), asOfInput, document.getElementById('today')])
    element.hidden = !shown;
}

/** The header while no one is signed in: no county, no name, nothing to sign out of. */
export function showNobody() {
  document.getElementById('county').textContent = '';
  document.getElementById('who').textContent = '';
  showBoardControls(true);
  document.getElementById('import-link').hidden = true;
  document.getElementById('evidence-link').hidden = true;
  signOutButton.hidden = true;
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

/** Signing out: a token is forgotten and the sign-in drawn; a session's sign-out goes on to the provider. */
export const signOutThen = (redraw) => () => { if (!signOut()) redraw(); };

/** The header's controls, wired once: `redraw` draws the page on screen again. */
export function wireHeader(redraw) {
  asOfInput.addEventListener('change', dateChosen);
  document.getElementById('as-of-form').addEventListener('submit', (event) => event.preventDefault());
  document.getElementById('today').addEventListener('click', () => { asOfInput.value = ''; dateChosen(); });
  signOutButton.addEventListener('click', signOutThen(redraw));
  document.querySelector('[data-lang-switch]').addEventListener('click', () => { switchLanguage(); redraw(); });
}
