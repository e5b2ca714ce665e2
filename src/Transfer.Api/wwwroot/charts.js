// The dashboard's pictures, drawn as SVG from the API's series (one request a chart). Each chart sits in an
// element marked data-chart="<name>" and says in words what it shows: a caption, and the numbers as a table
// or a list for screen readers and print, so nothing is only in the picture.

import { t, day } from './i18n.js';
import { html } from './markup.js';

const dayNumber = (iso) => Date.parse(iso) / 86400000;
const fixed = (n) => n.toFixed(1);

/**
 * The portfolio's red, amber, green and no-status counts as stacked weekly bars (SVG), with a caption and
 * the numbers as a table for screen readers: nothing in the picture is only in the picture.
 */
export function countsChart(points) {
  if (points.length === 0) return '';
  const width = 720, height = 140, gap = 1;
  const bar = width / points.length;
  const total = (c) => c.red + c.amber + c.green + c.none;
  const max = Math.max(1, ...points.map((p) => total(p.counts)));
  const bars = points.map((p, i) => {
    let y = height;
    const segments = ['red', 'amber', 'green', 'none'].filter((colour) => p.counts[colour] > 0).map((colour) => {
      const h = (p.counts[colour] / max) * height;
      y -= h;
      return html`<rect class="bar-${colour}" x="${(i * bar).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, bar - gap).toFixed(1)}" height="${h.toFixed(1)}"></rect>`;
    });
    return html`<g data-as-of="${p.asOf}" data-red="${p.counts.red}" data-amber="${p.counts.amber}" data-green="${p.counts.green}" data-none="${p.counts.none}">${segments}</g>`;
  });
  const last = points.at(-1);
  return html`<figure class="chart" data-chart="portfolio-counts">
    <figcaption>${t('countsChart')}: ${t('countsSummary', day(points[0].asOf), day(last.asOf), last.counts)}</figcaption>
    <svg viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" aria-hidden="true">${bars}</svg>
    <div class="visually-hidden"><table><thead><tr><th scope="col">${t('week')}</th><th scope="col">${t('red')}</th><th scope="col">${t('amber')}</th>
      <th scope="col">${t('green')}</th><th scope="col">${t('none')}</th></tr></thead>
      <tbody>${points.map((p) => html`<tr><td>${day(p.asOf)}</td><td>${p.counts.red}</td><td>${p.counts.amber}</td><td>${p.counts.green}</td><td>${p.counts.none}</td></tr>`)}</tbody></table></div>
  </figure>`;
}


/** The target a burn-up is for, as a key: its organisation (or the county) and its kind. */
const targetKey = (target) => `${target.organisationId ?? ''}|${target.kind}`;

/** Whether a mark on the workstream concerns a target: a retraction of that organisation's items of that kind, or anything of the whole workstream. */
const concerns = (mark, target) => mark.type !== 'ItemRetracted'
  || ((mark.organisationId ?? null) === (target.organisationId ?? null) && mark.kind === target.kind);

const markSymbols = { WorkstreamRescheduled: '▲', TargetsSet: '●', ItemRetracted: '✕', StatusAssessed: '◆' };

/** One of the PMO's decisions in words: "Due date moved to 15.2.2022: Tampere a week late". */
export function noteText(note, organisations) {
  switch (note.type) {
    case 'WorkstreamRescheduled': return t('markRescheduled', day(note.dueDate), note.text);
    case 'TargetsSet': return t('markTargetsSet');
    case 'ItemRetracted': return t('markRetracted', t(note.kind), note.ref, organisations[note.organisationId] ?? note.organisationId ?? t('countyLevel'), note.text);
    case 'StatusAssessed': return t('markAssessed', t(note.dimension), t(note.rag), note.text);
    default: return note.type;
  }
}

/**
 * A workstream's burn-up, one small chart per target: done week by week (solid) against the straight line from
 * the start to the due date (dashed), the expected count (dotted), the due date (a vertical line), and the PMO's
 * decisions marked where they are dated (▲ due date moved, ● targets set, ✕ retracted, ◆ assessed), listed in words below.
 */
export function burnUps(series, organisations) {
  const last = series.points.at(-1);
  if (!last) return '';
  const targets = [...new Map(series.points.flatMap((p) => p.targets).map((target) => [targetKey(target), target])).values()]
    .sort((a, b) => (a.organisationId ?? '').localeCompare(b.organisationId ?? '') || a.kind.localeCompare(b.kind));
  if (targets.length === 0) return '';
  const width = 320, height = 130, left = 34, bottom = 18, top = 14, right = 8;
  const start = dayNumber(series.startDate);
  const end = Math.max(dayNumber(series.dueDate), dayNumber(last.asOf), start + 1);
  const x = (iso) => left + ((dayNumber(iso) - start) / (end - start)) * (width - left - right);
  const name = (target) => `${t(target.kind)} – ${target.organisationId ? organisations[target.organisationId] ?? target.organisationId : t('countyLevel')}`;

  const chart = (target) => {
    const key = targetKey(target);
    const history = series.points.map((p) => ({ asOf: p.asOf, target: p.targets.find((candidate) => targetKey(candidate) === key) }));
    const max = Math.max(1, ...history.map((h) => Math.max(h.target?.expected ?? 0, h.target?.done ?? 0)));
    const y = (n) => top + (1 - n / max) * (height - top - bottom);
    const line = (value) => history.filter((h) => h.target).map((h) => `${fixed(x(h.asOf))},${fixed(y(value(h.target)))}`).join(' ');
    const now = history.at(-1).target;
    const expected = now?.expected ?? 0;
    const marks = series.marks.filter((mark) => concerns(mark, target));
    return html`<figure class="burn-up" data-target="${key}" data-done="${now?.done ?? ''}" data-expected="${now?.expected ?? ''}">
      <figcaption>${name(target)}: ${now ? t('burnUpNow', now.done, now.expected, day(last.asOf)) : t('notInForce')}</figcaption>
      <svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${t('burnUpOf', name(target))}">
        <line class="axis" x1="${left}" y1="${fixed(y(0))}" x2="${width - right}" y2="${fixed(y(0))}"></line>
        <text class="tick" x="${left - 4}" y="${fixed(y(max) + 4)}" text-anchor="end">${max}</text>
        <text class="tick" x="${left - 4}" y="${fixed(y(0))}" text-anchor="end">0</text>
        <text class="tick" x="${left}" y="${height - 4}">${day(series.startDate)}</text>
        <line class="due" x1="${fixed(x(series.dueDate))}" y1="${top}" x2="${fixed(x(series.dueDate))}" y2="${fixed(y(0))}"></line>
        <text class="tick" x="${fixed(x(series.dueDate))}" y="${height - 4}" text-anchor="end">${t('due')} ${day(series.dueDate)}</text>
        ${expected ? html`<line class="ideal" x1="${fixed(x(series.startDate))}" y1="${fixed(y(0))}" x2="${fixed(x(series.dueDate))}" y2="${fixed(y(expected))}"></line>` : ''}
        <polyline class="expected" points="${line((target) => target.expected)}"></polyline>
        <polyline class="done" points="${line((target) => target.done)}"></polyline>
        ${marks.map((mark) => html`<g class="mark" data-type="${mark.type}"><line x1="${fixed(x(mark.occurredOn))}" y1="${top}" x2="${fixed(x(mark.occurredOn))}" y2="${fixed(y(0))}"></line>
          <text x="${fixed(x(mark.occurredOn))}" y="${top - 2}" text-anchor="middle">${markSymbols[mark.type]}</text><title>${day(mark.occurredOn)}: ${noteText(mark, organisations)}</title></g>`)}
      </svg>
      <div class="visually-hidden"><table><thead><tr><th scope="col">${t('week')}</th><th scope="col">${t('done')}</th><th scope="col">${t('expected')}</th></tr></thead>
        <tbody>${history.filter((h) => h.target).map((h) => html`<tr><td>${day(h.asOf)}</td><td>${h.target.done}</td><td>${h.target.expected}</td></tr>`)}</tbody></table></div>
    </figure>`;
  };

  return html`<section class="chart" data-chart="burn-up">
    <h3>${t('burnUp')}</h3>
    <p class="legend">${t('burnUpLegend')}</p>
    <div class="burn-ups">${targets.map(chart)}</div>
    ${series.marks.length ? html`<h4>${t('marks')}</h4><ul class="marks">${series.marks.map((mark) =>
      html`<li data-sequence="${mark.sequence}"><span aria-hidden="true">${markSymbols[mark.type]}</span> ${day(mark.occurredOn)}: ${noteText(mark, organisations)} <span class="muted">(${mark.recordedBy ?? ''})</span></li>`)}</ul>` : ''}
  </section>`;
}

/**
 * An organisation's colour week by week, and each of its workstreams' colours on its board: one strip of weekly
 * cells per row. Each cell is titled with its week and colour; the table behind it says the same in words.
 */
export function colourStrip(series, link) {
  if (series.points.length === 0 || series.workstreams.length === 0) return '';
  const weeks = series.points.length;
  const rows = [{ id: '', name: t('overall'), points: series.points }, ...series.workstreams];
  const strip = (row) => html`<svg viewBox="0 0 ${weeks} 1" preserveAspectRatio="none" aria-hidden="true">${row.points.map((p, i) =>
    html`<rect class="bar-${p.rag}" x="${i}" y="0" width="${weeks > 1 ? 0.92 : 1}" height="1"><title>${day(p.asOf)}: ${t(p.rag)}</title></rect>`)}</svg>`;
  return html`<figure class="chart strip" data-chart="colour-strip">
    <figcaption>${t('stripCaption', day(series.points[0].asOf), day(series.points.at(-1).asOf))}</figcaption>
    ${rows.map((row) => html`<div class="strip-row"${row.id ? html` data-workstream-id="${row.id}"` : ''}>
      <span class="strip-name">${row.id ? link(row) : row.name}</span>${strip(row)}<span class="strip-now">${t('initials')[row.points.at(-1).rag]}</span></div>`)}
    <div class="visually-hidden"><table><thead><tr><th scope="col">${t('week')}</th>${rows.map((row) => html`<th scope="col">${row.name}</th>`)}</tr></thead>
      <tbody>${series.points.map((p, i) => html`<tr><td>${day(p.asOf)}</td>${rows.map((row) => html`<td>${t(row.points[i].rag)}</td>`)}</tr>`)}</tbody></table></div>
  </figure>`;
}

/** The last weeks of one organisation on the municipality board: a cell a week, each with its letter, oldest first. */
export function trend(points) {
  if (!points?.length) return '';
  return html`<span class="trend" data-trend>${points.map((p) =>
    html`<span class="cell" data-rag="${p.rag}" title="${day(p.asOf)}: ${t(p.rag)}" aria-hidden="true">${t('initials')[p.rag]}</span>`)}<span
    class="visually-hidden">${t('trendOf', day(points[0].asOf), points.map((p) => t(p.rag)).join(', '))}</span></span>`;
}
