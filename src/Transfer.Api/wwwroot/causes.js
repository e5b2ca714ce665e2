// Why a colour changed, in sentences a chair reads out, each leading to its events in the history: used
// by What changed and by the inbox's notifications.

import { t, day, instant } from './i18n.js';
import { html, rag } from './markup.js';
import { noteText } from './charts.js';
import { county } from './addresses.js';
import { hasRole } from './session.js';

/** Where a change's causes are in the history: the workstream's page, filtered to the events and starting at the first. */
function historyLink(workstreamId, text, filter, firstSequence, asOf) {
  const query = new URLSearchParams({ ...(asOf ? { asOf } : {}), ...filter, after: String(firstSequence - 1), ...(county ? { county } : {}) });
  return html`<a href="#/workstreams/${encodeURIComponent(workstreamId)}?${query}">${text}</a>`;
}

/**
 * Which parts of the colour changed; the items posted, counted; each of the PMO's decisions with who recorded it
 * and when; the due date passing; or time alone.
 */
export function causeList(workstreamId, parts, causes, organisations, asOf) {
  const where = (organisationId) => (organisationId ? organisations[organisationId] ?? organisationId : t('countyLevel'));
  // The history is the auditors' and the PMO's: for others a cause is a sentence, not a link.
  const canRead = hasRole('auditor', 'pmo');
  const toHistory = (text, filter, sequence) => (canRead ? historyLink(workstreamId, text, filter, sequence, asOf) : text);
  const posting = (p) => html`<li data-cause="${p.type}">${toHistory(t('posted')[p.type](p.count, where(p.organisationId)),
    { type: p.type, ...(p.organisationId ? { organisationId: p.organisationId } : {}) }, p.firstSequence)}
    <span class="muted">${t('recordedByAt', p.recordedBy.join(', '), instant(p.lastRecordedAt))}</span></li>`;
  // The most items first; past a handful, the rest folded away so that a busy fortnight stays readable.
  const posted = [...causes.posted].sort((a, b) => b.count - a.count);
  const items = [...parts.map((part) => html`<li data-cause="part" data-part="${part.part}">${t(part.part)}: ${rag(part.was)} → ${rag(part.now)}</li>`),
    ...posted.slice(0, 5).map(posting)];
  if (posted.length > 5) {
    items.push(html`<li><details><summary>${t('morePosted', posted.length - 5, posted.slice(5).reduce((sum, p) => sum + p.count, 0))}</summary>
      <ul>${posted.slice(5).map(posting)}</ul></details></li>`);
  }
  let dueWas = causes.earlierDecisions === 0 ? causes.dueDateWas : null;
  for (const note of causes.decisions) {
    const text = note.type === 'WorkstreamRescheduled' && dueWas ? t('dueMoved', day(dueWas), day(note.dueDate), note.text) : noteText(note, organisations);
    if (note.type === 'WorkstreamRescheduled') dueWas = note.dueDate;
    items.push(html`<li data-cause="${note.type}">${toHistory(`${day(note.occurredOn)}: ${text}`, { type: note.type }, note.sequence)}
      <span class="muted">${t('recordedByAt', note.recordedBy ?? '', instant(note.recordedAt))}</span></li>`);
  }
  if (causes.earlierDecisions) items.push(html`<li class="muted">${t('earlierDecisions', causes.earlierDecisions)}</li>`);
  if (causes.dueDatePassed) items.push(html`<li data-cause="DueDatePassed">${t('duePassed', day(causes.dueDate))}</li>`);
  if (items.length === parts.length && !causes.dueDatePassed) items.push(html`<li data-cause="TimeAlone">${t('timeAlone')}</li>`);
  return html`<ul class="causes">${items}</ul>`;
}
