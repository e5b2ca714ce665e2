// Markup from text: every value a template takes is escaped unless it is markup made here, so whatever
// the API or the page address holds reaches the page as text.

import { t } from './i18n.js';

const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Markup made by html``: the only thing the page ever puts into innerHTML. */
class Markup {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}
const piece = (value) => (value instanceof Markup ? value.text : Array.isArray(value) ? value.map(piece).join('') : escape(value));
/**
 * A template whose every value is escaped, unless it is itself markup made here (or a list of such):
 * whatever the API or the page address holds reaches the page as text, never as markup.
 */
export const html = (strings, ...values) => new Markup(strings.reduce((out, text, i) => out + text + (i < values.length ? piece(values[i]) : ''), ''));
/** The items with a separator between each two. */
export const joined = (items, separator) => items.flatMap((item, i) => (i ? [separator, item] : [item]));
// Every colour is written out as well: nothing depends on colour alone.
export const rag = (value) => html`<span class="rag" data-rag="${value}">${t(value) ?? value}</span>`;
export const counts = (c) => html`<span class="counts">${t('counts', c)}</span>`;
