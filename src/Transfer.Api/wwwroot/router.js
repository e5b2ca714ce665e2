// From the address in the hash to the page that draws it. Each page module draws its markup (render) and
// then wires its own controls (attach); the router knows the pages by address only.

import { t } from './i18n.js';
import { html } from './markup.js';
import { SignInNeeded } from './api.js';
import { county, currentRoute, dateParam, readAddress } from './addresses.js';
import { hasRole, signedIn } from './session.js';
import { showHeader, showLanguage, showNobody } from './header.js';
import { showUpdated, watchBoards } from './live.js';
import * as portfolio from './pages/portfolio.js';
import * as organisations from './pages/organisations.js';
import * as organisation from './pages/organisation.js';
import * as workingGroup from './pages/working-group.js';
import * as workstream from './pages/workstream.js';
import * as changes from './pages/changes.js';
import * as importing from './pages/import.js';
import * as notifications from './pages/notifications.js';
import * as evidence from './pages/evidence.js';
import * as national from './pages/national.js';
import * as signIn from './pages/sign-in.js';
import * as noRole from './pages/no-role.js';

const pages = new Map([
  ['working-groups', workingGroup], ['groups', workingGroup], // #/groups/{id}: earlier bookmarks
  ['workstreams', workstream], ['changes', changes], ['import', importing], ['notifications', notifications], ['evidence', evidence],
]);
// Without the id of the item they show, these addresses are the portfolio's.
const ofOneItem = new Set([workingGroup, workstream]);

function pageAt([first, id]) {
  // A national reader reads no county until they pick one: until then, every address is the national page.
  if (first === 'national' || (hasRole('national') && !county)) return national;
  if (first === 'organisations') return id ? organisation : organisations;
  const page = pages.get(first);
  return page && (id || !ofOneItem.has(page)) ? page : portfolio;
}

const main = document.getElementById('main');
let renders = 0;
let current = null;

function show(page, markup, context) {
  main.innerHTML = markup;
  page.attach?.(main, context);
}

/** Draws the page the address asks for; also what a page calls to draw itself again. */
export async function render() {
  // Renders overlap (a hash change, the language switch, a live change): only the newest may write the page.
  const rendering = ++renders;
  const { parts, params } = currentRoute();
  const asOf = dateParam(params, 'asOf');
  const context = { id: parts[1], asOf, params, redraw: render };
  showLanguage(asOf);
  try {
    // Who is signed in comes first: the address's county, the page and the header's links all depend on it.
    const me = await signedIn();
    readAddress(params);
    // Someone signed in without any of our roles is told so, whatever the address asks for.
    const page = me.roles.length ? pageAt(parts) : noRole;
    current = page;
    await showHeader();
    const markup = await page.render(context);
    if (rendering !== renders) return;
    show(page, markup, context);
    document.title = `${main.querySelector('h2')?.textContent ?? t('title')} – ${t('title')}`;
    if (me.roles.length) watchBoards(() => { if (current?.followsChanges !== false) render(); });
    showUpdated();
  } catch (error) {
    if (rendering !== renders) return;
    if (error instanceof SignInNeeded) {
      current = signIn;
      showNobody();
      const markup = await signIn.render({ message: error.message }).catch((problem) => html`<p class="problem" role="alert">${problem.message}</p>`);
      if (rendering === renders) show(signIn, markup, context);
    } else main.innerHTML = html`<div class="problem" role="alert"><h2>${t('notShown')}</h2><p>${error.message}</p></div>`;
  }
}
