// "Follow": a subscription to a workstream, group or organisation from its own page, told in the inbox
// (#/notifications) when it turns red, changes colour, or has a due date near and is not green.

import { t } from './i18n.js';
import { html } from './markup.js';
import { api } from './api.js';
import { link } from './addresses.js';

const triggers = ['turns-red', 'colour-changes', 'due-soon'];

export function followForm(scope, scopeId) {
  return html`<form class="follow" id="follow-form" data-scope="${scope}" data-scope-id="${scopeId}">
    <label for="follow-trigger">${t('follow')}</label>
    <select id="follow-trigger" name="trigger">${triggers.map((trigger) => html`<option value="${trigger}">${t('triggers')[trigger]}</option>`)}</select>
    <label for="follow-days">${t('dueWithinDays')}</label> <input type="number" id="follow-days" name="dueWithinDays" min="1" max="365" value="14" size="4">
    <button type="submit">${t('followButton')}</button> <span id="follow-result" role="status"></span>
  </form>`;
}

export function attachFollow(root) {
  const form = root.querySelector('#follow-form');
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const trigger = data.get('trigger');
    const result = root.querySelector('#follow-result');
    api('/api/subscriptions', 'POST', { scope: form.dataset.scope, scopeId: form.dataset.scopeId, trigger,
      ...(trigger === 'due-soon' ? { dueWithinDays: Number(data.get('dueWithinDays')) } : {}) })
      .then(() => { result.innerHTML = html`${t('followedNow')} ${link('/notifications', t('notifications'))}`; })
      .catch((error) => { result.textContent = error.message; });
  });
}
