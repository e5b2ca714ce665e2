// The inbox: your notifications, newest first, each with its reasons; your subscriptions; for the PMO,
// the deliveries no webhook took, to send again.

import { t, day, instant } from '../i18n.js';
import { html, rag } from '../markup.js';
import { api } from '../api.js';
import { link } from '../addresses.js';
import { hasRole } from '../session.js';
import { organisationNames } from '../board.js';
import { causeList } from '../causes.js';
import { whenClicked } from '../actions.js';

const scopeRoute = { workstream: '/workstreams', 'working-group': '/working-groups', organisation: '/organisations' };

export async function render({ asOf }) {
  const pmo = hasRole('pmo');
  const [notifications, subscriptions, organisations, undelivered] = await Promise.all([
    api('/api/notifications'), api('/api/subscriptions'), organisationNames(), pmo ? api('/api/notifications/undelivered') : []]);
  const scopeLink = (item, name) => link(`${scopeRoute[item.scope]}/${encodeURIComponent(item.scopeId)}`, name ?? item.scopeId, asOf);
  return html`<h2>${t('notifications')}</h2>
    ${notifications.length ? html`<ol class="notifications">${notifications.map((n) => html`<li data-notification-id="${n.id}">
      <p><strong>${scopeLink(n, n.scopeName)}</strong>: ${rag(n.from)} → ${rag(n.to)} · ${t('triggers')[n.trigger]} · ${day(n.asOf)}
        <span class="muted">${instant(n.createdAt)}${n.deliveredAt ? html` · ${t('delivered')}` : ''}</span></p>
      <ul class="causes">${n.causes.map((c) => html`<li data-workstream-id="${c.workstreamId}">${link(`/workstreams/${encodeURIComponent(c.workstreamId)}`, c.name, asOf)}:
        ${n.trigger === 'due-soon' ? t('dueOn', day(c.dueDate)) : html`${rag(c.was)} → ${rag(c.now)}`}${causeList(c.workstreamId, [], c.events, organisations, n.asOf)}</li>`)}</ul>
    </li>`)}</ol>` : html`<p class="muted">${t('noNotifications')}</p>`}
    <h3>${t('subscriptions')}</h3>
    ${subscriptions.length ? html`<table><thead><tr><th scope="col">${t('followed')}</th><th scope="col">${t('when')}</th><th scope="col">${t('webhook')}</th><th scope="col"></th></tr></thead>
      <tbody>${subscriptions.map((s) => html`<tr data-subscription-id="${s.id}"><td>${scopeLink(s)}</td>
        <td>${t('triggers')[s.trigger]}${s.dueWithinDays ? ` (${s.dueWithinDays} ${t('days')})` : ''}</td><td>${s.webhookUrl ? new URL(s.webhookUrl).host : '–'}</td>
        <td><button type="button" data-unsubscribe="${s.id}">${t('unsubscribe')}</button></td></tr>`)}</tbody></table>`
      : html`<p class="muted">${t('noSubscriptions')}</p>`}
    ${pmo ? html`<h3>${t('undelivered')}</h3>${undelivered.length ? html`<table><thead><tr><th scope="col">${t('followed')}</th><th scope="col">${t('webhook')}</th>
      <th scope="col">${t('problem')}</th><th scope="col"></th></tr></thead><tbody>${undelivered.map((u) => html`<tr data-undelivered-id="${u.id}">
        <td>${u.scopeName ?? u.notificationId}</td><td>${u.webhookHost ?? '–'}</td><td>${u.problem}</td>
        <td><button type="button" data-retry="${u.id}">${t('retry')}</button></td></tr>`)}</tbody></table>` : html`<p class="muted">${t('noUndelivered')}</p>`}` : ''}`;
}

export function attach(root, { redraw }) {
  for (const button of root.querySelectorAll('[data-unsubscribe]')) {
    whenClicked(button, async () => { await api(`/api/subscriptions/${encodeURIComponent(button.dataset.unsubscribe)}`, 'DELETE'); redraw(); }, redraw);
  }
  for (const button of root.querySelectorAll('[data-retry]')) {
    whenClicked(button, async () => { await api(`/api/notifications/undelivered/${encodeURIComponent(button.dataset.retry)}/retry`, 'POST', {}); redraw(); }, redraw);
  }
}
