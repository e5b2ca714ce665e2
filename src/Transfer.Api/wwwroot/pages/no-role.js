// Shown to a person their provider signed in without any of this tool's roles: who they are signed in as,
// that they have no role here, and who can give them one; and a way to sign out (perhaps to sign in as
// someone else). The API refuses such a person everything but saying who they are.

import { t } from '../i18n.js';
import { html } from '../markup.js';
import { person } from '../session.js';
import { signOutThen } from '../header.js';

export const followsChanges = false;

export function render() {
  return html`<section class="sign-in" data-no-role><h2>${t('noRoleTitle')}</h2>
    <p>${t('noRoleText', person().name)}</p><p>${t('noRoleAsk')}</p>
    <p><button type="button" id="no-role-sign-out">${t('signOut')}</button></p></section>`;
}

export function attach(root, { redraw }) {
  root.querySelector('#no-role-sign-out').addEventListener('click', signOutThen(redraw));
}
