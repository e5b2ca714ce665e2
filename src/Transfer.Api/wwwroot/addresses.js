// Every board has an address in the hash (#/organisations?asOf=2022-02-01), so that it can be bookmarked
// or sent: what the address on screen says, and the addresses and API routes made from it.

import { html } from './markup.js';
import { hasRole, person } from './session.js';

// The county a national reader is reading (#/...?county=<id>). Anyone else acts in their own and sends none,
// unless the address names another: that is sent as it is, and the API's refusal is what the page shows.
export let county = '';
// The instant the boards are known at (#/...?knownAt=<instant>), as the API's knownAt: what a past meeting saw. '' for now.
export let knownAt = '';

/** The page address on screen: its path, split, and its query. */
export function currentRoute() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  return { parts: (path || '/').split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || '') };
}

/** Takes the county and the known-at instant from the address, as every page and request then uses them. */
export function readAddress(params) {
  knownAt = instantParam(params, 'knownAt');
  const named = /^[a-z0-9][a-z0-9-]{0,63}$/.test(params.get('county') ?? '') ? params.get('county') : '';
  county = hasRole('national') || named !== (person()?.county ?? '') ? named : '';
}

/** A date from the page address, or '' when it is not one (YYYY-MM-DD): nothing else from the address is used. */
export const dateParam = (params, name) => (/^\d{4}-\d{2}-\d{2}$/.test(params.get(name) ?? '') ? params.get(name) : '');

/** The instant the boards are known at, from the page address (an ISO instant, or a date: its start), or ''. */
function instantParam(params, name) {
  const value = params.get(name) ?? '';
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : '';
}

/** The query of a page address: its date, the instant it is known at, and for a national token the county it reads. */
export function pageQuery(asOf) {
  const params = new URLSearchParams();
  if (asOf) params.set('asOf', asOf);
  if (knownAt) params.set('knownAt', knownAt);
  if (county) params.set('county', county);
  return params.size ? `?${params}` : '';
}

export const link = (route, text, asOf) => html`<a href="#${route}${pageQuery(asOf)}">${text}</a>`;

/** A status route for the page's date and, when the address names one, the instant it is known at (as the API takes them). */
export function withDate(path, asOf) {
  const query = new URLSearchParams({ ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) });
  return query.size ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
}
