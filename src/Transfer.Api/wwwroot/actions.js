// What a button that asks the API does when the API refuses: it says why beside itself, in the API's
// words, and the page stays; a token refused shows the sign-in instead.

import { html } from './markup.js';
import { SignInNeeded } from './api.js';

/** Runs `action` on each click of `button`; a refusal is told beside it, a sign-in needed redraws the page (as the sign-in). */
export function whenClicked(button, action, redraw) {
  button.addEventListener('click', (event) => action(event).catch((error) => {
    if (error instanceof SignInNeeded) redraw();
    else button.insertAdjacentHTML('afterend', html` <span class="field-problem" role="alert">${error.message}</span>`);
  }));
}
