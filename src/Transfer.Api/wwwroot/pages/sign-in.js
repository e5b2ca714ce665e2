// Shown wherever no one is signed in, or the API no longer knows who was. Where sign-in providers are
// configured: one link per provider, to the server's /signin, which comes back to the page asked for; page
// script never sees a token. With development tokens only: a pasted token, kept for the tab.

import { t } from '../i18n.js';
import { html } from '../markup.js';
import { signIn, signInProviders } from '../session.js';

// The server sends a sign-in that did not complete back to /?signin=failed: said on this page until someone
// signs in, and taken out of the address so that it is not said again after a reload.
const failed = new URLSearchParams(location.search).get('signin') === 'failed';
if (failed) history.replaceState(history.state, '', `${location.pathname}${location.hash}`);

/** The server's sign-in through `provider`, coming back to the page on screen. */
const signInAddress = (provider) => `/signin?${new URLSearchParams({ provider, returnUrl: `/${location.hash}` })}`;

export async function render({ message }) {
  const providers = await signInProviders();
  const notice = failed ? html`<p class="problem" role="alert" data-signin-failed>${t('signInFailed')}</p>` : '';
  if (providers.length > 0) {
    return html`<section class="sign-in"><h2>${t('signIn')}</h2>${notice}<p>${message}</p>
      <ul class="providers">${providers.map((p) => html`<li><a class="button" data-signin="${p.name}" href="${signInAddress(p.name)}">${t('signInWith', p.displayName)}</a></li>`)}</ul></section>`;
  }
  return html`<section class="sign-in"><h2>${t('signIn')}</h2>${notice}<p>${message}</p>
    <form id="sign-in-form"><label for="token">${t('tokenLabel')}</label>
    <textarea id="token" name="token" required autocomplete="off"></textarea>
    <button type="submit">${t('showBoards')}</button></form></section>`;
}

export function attach(root, { redraw }) {
  const form = root.querySelector('#sign-in-form');
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    signIn(new FormData(form).get('token'));
    redraw();
  });
}
