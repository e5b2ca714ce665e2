// The PMO's import: a spreadsheet of one kind of event checked row by row, then imported. The kinds are
// the API's own. A page of work in progress, so a new event does not redraw it.

import { t } from '../i18n.js';
import { html } from '../markup.js';
import { saveFile, SignInNeeded, upload } from '../api.js';
import { importKinds } from '../openapi.js';
import { whenClicked } from '../actions.js';

export const followsChanges = false;

export async function render() {
  const kinds = await importKinds();
  return html`<h2>${t('importTitle')}</h2>
    <p class="legend">${t('importLegend')}</p>
    <form id="import-form" class="import">
      <label for="import-kind">${t('importKind')}</label>
      <select id="import-kind" name="kind">${kinds.map((kind) => html`<option value="${kind}">${kind}</option>`)}</select>
      <label for="import-file">${t('importFile')}</label>
      <input type="file" id="import-file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
      <button type="submit" name="action" value="check">${t('check')}</button>
      <button type="submit" name="action" value="import">${t('import')}</button>
      <button type="button" id="import-template">${t('template')}</button>
    </form>
    <section id="import-result" aria-live="polite"></section>`;
}

/** What the check or the import found: the rows' problems one per line, or what was (or would be) recorded. */
function outcome({ status, body }, dryRun) {
  if (status === 200 || status === 201) {
    return dryRun
      ? html`<p class="ok" data-import-outcome="checked">${t('checked', body.rows, body.events)}</p>`
      : html`<p class="ok" data-import-outcome="imported" data-import-id="${body.importId}">${t('imported', body.rows, body.events, body.importId)}</p>`;
  }
  const problems = Object.entries(body.errors ?? {}).flatMap(([key, messages]) => {
    const [, row, field] = /^rows\[(\d+)\]\.(.+)$/.exec(key) ?? [null, '', key];
    return messages.map((message) => ({ row, field, message }));
  });
  return html`<div class="problem" role="alert" data-import-outcome="refused"><p>${body.detail ?? body.title ?? t('apiAnswered', status)} ${t('nothingStored')}</p>
    ${problems.length ? html`<table><thead><tr><th scope="col">${t('row')}</th><th scope="col">${t('column')}</th><th scope="col">${t('problem')}</th></tr></thead>
      <tbody>${problems.map((p) => html`<tr data-row="${p.row}"><td>${p.row}</td><td>${p.field}</td><td>${p.message}</td></tr>`)}</tbody></table>` : ''}</div>`;
}

export function attach(root, { redraw }) {
  const form = root.querySelector('#import-form');
  const result = root.querySelector('#import-result');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const dryRun = event.submitter?.value !== 'import';
    result.textContent = dryRun ? t('checking') : t('importing');
    upload(`/api/imports/${encodeURIComponent(data.get('kind'))}${dryRun ? '?dryRun=true' : ''}`, data.get('file'))
      .then((answer) => { result.innerHTML = outcome(answer, dryRun); })
      .catch((error) => {
        if (error instanceof SignInNeeded) redraw();
        else result.innerHTML = html`<p class="problem" role="alert">${error.message}</p>`;
      });
  });
  const template = root.querySelector('#import-template');
  whenClicked(template, () => {
    const kind = root.querySelector('#import-kind').value;
    return saveFile(`/api/imports/templates/${encodeURIComponent(kind)}.xlsx`, `${kind}.xlsx`);
  }, redraw);
}
