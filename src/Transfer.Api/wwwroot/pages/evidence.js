// For auditors: the latest signed checkpoint, the keys that sign, and an evidence bundle of a period to
// verify offline; the PMO can sign a checkpoint at once.

import { t, instant } from '../i18n.js';
import { html } from '../markup.js';
import { api, saveFile } from '../api.js';
import { county } from '../addresses.js';
import { hasRole } from '../session.js';
import { dayInput, helsinkiMidnight, typedDay } from '../days.js';
import { whenClicked } from '../actions.js';

export async function render() {
  // No checkpoint yet is an answer the page tells, not a failure.
  const [checkpoint, keys] = await Promise.all([api('/api/audit/checkpoint').catch(() => null), api('/api/audit/public-key')]);
  return html`<h2>${t('evidence')}</h2><p>${t('evidenceIntro')}</p>
    <h3>${t('latestCheckpoint')}</h3>
    ${checkpoint ? html`<dl class="checkpoint" data-checkpoint-size="${checkpoint.size}"><dt>${t('checkpointEvents')}</dt><dd>${checkpoint.size}</dd>
      <dt>${t('checkpointMade')}</dt><dd>${instant(checkpoint.time)}</dd><dt>${t('checkpointRoot')}</dt><dd><code>${checkpoint.root}</code></dd>
      <dt>${t('keyId')}</dt><dd><code>${checkpoint.keyId}</code></dd></dl>` : html`<p class="muted">${t('noCheckpoint')}</p>`}
    ${hasRole('pmo') ? html`<p><button type="button" id="seal-now">${t('sealNow')}</button></p>` : ''}
    <h3>${t('signingKeys')}</h3>
    <table><thead><tr><th scope="col">${t('keyId')}</th><th scope="col">${t('fingerprint')}</th><th scope="col"></th></tr></thead>
      <tbody>${keys.map((key) => html`<tr data-key-id="${key.keyId}"><td><code>${key.keyId}</code></td><td><code>${key.fingerprint}</code></td>
        <td>${key.current ? t('keyCurrent') : t('keyEarlier')}</td></tr>`)}</tbody></table>
    <h3>${t('bundle')}</h3>
    <form id="evidence-form" class="history-filter"><span>${t('bundlePeriod')}</span>
      <label for="evidence-from">${t('from')}</label> ${dayInput('evidence-from', 'from')}
      <label for="evidence-to">${t('to')}</label> ${dayInput('evidence-to', 'to')}
      <button type="submit">${t('downloadBundle')}</button> <span id="evidence-result" role="status"></span></form>
    <p class="muted">${t('bundleHowTo')}</p>`;
}

export function attach(root, { redraw }) {
  const seal = root.querySelector('#seal-now');
  if (seal) whenClicked(seal, async () => { await api('/api/audit/checkpoint', 'POST', {}); redraw(); }, redraw);

  // A day that is no date is refused on the spot, rather than quietly downloading the whole log.
  const form = root.querySelector('#evidence-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const [from, to] = [typedDay(data, 'from'), typedDay(data, 'to')];
    const result = root.querySelector('#evidence-result');
    if (from === null || to === null) {
      result.textContent = t('badDate');
      return;
    }
    const query = new URLSearchParams({ ...(from ? { from: helsinkiMidnight(from) } : {}), ...(to ? { to: helsinkiMidnight(to, 1) } : {}), ...(county ? { county } : {}) });
    result.textContent = t('checking');
    saveFile(`/api/audit/evidence?${query}`, 'transfer-evidence.zip')
      .then(() => { result.textContent = ''; })
      .catch((error) => { result.textContent = error.message; });
  });
}
