// Shown wherever a token is missing or refused: a pasted token, kept for the tab, then the page asked for.

import { t } from '../i18n.js';
import { html } from '../markup.js';
import { signIn } from '../session.js';

export function render({ message }) {
  return html`<section class="sign-in"><h2>${t('signIn')}</h2><p>${message}</p>
    <form id="sign-in-form"><label for="token">${t('tokenLabel')}</label>
    <textarea id="token" name="token" required autocomplete="off"></textarea>
    <button type="submit">${t('showBoards')}</button></form></section>`;
}

export function attach(root, { redraw }) {
  const form = root.querySelector('#sign-in-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    signIn(new FormData(form).get('token'));
    redraw();
  });
}
