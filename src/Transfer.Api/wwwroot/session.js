// Who is signed in, and how the dashboard proves it to the API. Which way is the API's to say:
// - Where sign-in providers are configured (GET /signin/providers lists some), a person signs in at their
//   county's provider and the server keeps the session in an HttpOnly cookie: page script holds no token,
//   only the anti-forgery token its writes carry.
// - With development tokens only, the pasted token is kept in sessionStorage['transfer.token'], so that it
//   lasts as long as the tab and no longer, and goes in the Authorization header.
// Either way GET /api/me says who it is (name, roles, county), kept in this module's memory and nowhere else.

import { t } from './i18n.js';

const tokenKey = 'transfer.token';

/** Nobody is signed in (or the API no longer knows them): the page shows the sign-in, saying this. */
export class SignInNeeded extends Error {}

let providersAsked = null;

/** The providers people sign in with, [{name, displayName, county}], asked once per page load: none means development tokens. */
export function signInProviders() {
  providersAsked ??= fetch('/signin/providers', { headers: { Accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : []))
    .catch((error) => { providersAsked = null; throw error; });
  return providersAsked;
}

// Whether people sign in through providers here: null until GET /signin/providers has answered.
let throughProviders = null;

/** Whether people sign in through providers here (as the last sign-in check found). */
export const withProviders = () => throughProviders === true;

/** The pasted development token; never read where providers sign people in. */
export const token = () => (throughProviders === false ? sessionStorage.getItem(tokenKey) : null);

export function signIn(pasted) {
  if (throughProviders === false) sessionStorage.setItem(tokenKey, pasted.trim());
}

// The question put to GET /api/me, and for which token (null with a session); then its answer.
let asking = null;
let me = null;

/**
 * Who is signed in: {name, userId, roles, county, provider, antiforgery?} as GET /api/me answers, asked once per
 * token or session. Throws SignInNeeded, saying why, when no one is.
 */
export async function signedIn() {
  throughProviders = (await signInProviders()).length > 0;
  const bearer = token();
  if (!throughProviders && !bearer) {
    me = null;
    throw new SignInNeeded(t('signInNeeded'));
  }
  if (!asking || asking.bearer !== bearer) asking = { bearer, answer: whoIs(bearer) };
  const mine = asking;
  try {
    me = await mine.answer;
    return me;
  } catch (error) {
    if (asking === mine) asking = null;
    throw error;
  }
}

async function whoIs(bearer) {
  const response = await fetch('/api/me', { headers: { Accept: 'application/json', ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) } });
  if (response.status === 401) {
    signedOut();
    throw new SignInNeeded(t(throughProviders ? 'signInWithProvider' : 'tokenRefused'));
  }
  if (!response.ok) throw new Error(`${t('apiAnswered', response.status)} (/api/me)`);
  return response.json();
}

/** The person signed in, as the router's sign-in check last found them (null before it, or when no one is). */
export const person = () => me;

/** The roles the person has, read only to decide what to offer; the API decides what may be read and written. */
export const hasRole = (...names) => (me?.roles ?? []).some((role) => names.includes(role));

/** Who is signed in, as a key that changes when someone else is (what the change stream is kept for). */
export const identity = () => (me ? JSON.stringify([me.provider, me.userId, token()]) : '');

/**
 * The headers that say who is asking: the token in token mode; with a session none (the browser sends the
 * cookie) but, on a write, the anti-forgery token GET /api/me gave.
 */
export function credentials(method = 'GET') {
  if (!throughProviders) return token() ? { Authorization: `Bearer ${token()}` } : {};
  const guard = me?.antiforgery;
  return guard && !['GET', 'HEAD'].includes(method.toUpperCase()) ? { [guard.header]: guard.token } : {};
}

const forgetters = [];

/** What else to forget when the person goes (what was kept for them, their change stream): registered by whoever keeps it. */
export const onSignOut = (forget) => forgetters.push(forget);

/** The API no longer knows the person (a token refused, a session over): forget them here too. */
export function signedOut() {
  if (throughProviders === false) sessionStorage.removeItem(tokenKey);
  asking = null;
  me = null;
  for (const forget of forgetters) forget();
}

/**
 * The person signs out. A token is forgotten, and false says the page is to be drawn again. A session ends at
 * the server and at the provider: the form posted to /signout (a real navigation, carrying the anti-forgery
 * token) is answered by the provider's own sign-out page, which comes back here; true says that is under way.
 */
export function signOut() {
  if (!throughProviders) {
    signedOut();
    return false;
  }
  const form = Object.assign(document.createElement('form'), { method: 'post', action: '/signout', hidden: true });
  form.append(Object.assign(document.createElement('input'), { type: 'hidden', name: '__RequestVerificationToken', value: me?.antiforgery?.token ?? '' }));
  document.body.append(form);
  signedOut();
  form.submit();
  return true;
}
