// Talking to the API as any client does: who is asking said on every request (file downloads and uploads
// too) as session.js says it, the county a national reader reads added to every route, and a refusal told
// in the API's own words.

import { t } from './i18n.js';
import { county } from './addresses.js';
import { credentials, signedOut, SignInNeeded, withProviders } from './session.js';

export { SignInNeeded };

/** A 401: the token was refused or the session is over. Forgotten here too, and the sign-in is shown again. */
function notSignedIn() {
  signedOut();
  return new SignInNeeded(t(withProviders() ? 'sessionOver' : 'tokenRefused'));
}

/** The problem-details body of a refusal, as one sentence: the detail (or title) and each field's message. */
async function refusal(response) {
  const problem = await response.json().catch(() => ({}));
  return new Error([problem.detail || problem.title || t('apiAnswered', response.status), ...Object.values(problem.errors ?? {}).flat()].join(' '));
}

// The one route of no county the pages ask: which counties the person may read (their own, or for a national reader every one).
const ofNoCounty = new Set(['/api/counties']);

/** Asks the API (GET, or another method with a JSON body) and answers its JSON; a refusal throws with the API's own words. */
export async function api(path, method = 'GET', body = undefined) {
  if (county && !ofNoCounty.has(path.split('?')[0])) path = `${path}${path.includes('?') ? '&' : '?'}county=${encodeURIComponent(county)}`;
  const response = await fetch(path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { ...credentials(method), Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
  });
  if (response.status === 401) throw notSignedIn();
  if (!response.ok) throw await refusal(response);
  return response.status === 204 || response.status === 202 ? null : response.json();
}

/** Fetches a file as every request is made, and saves it under the name the API gives it. */
export async function saveFile(path, fallbackName) {
  const response = await fetch(path, { headers: credentials() });
  if (response.status === 401) throw notSignedIn();
  if (!response.ok) throw await refusal(response);
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(await response.blob()), download: name });
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Posts a file as a form upload; the status and the body (an answer or a problem) as JSON, for the page to tell either. */
export async function upload(path, file) {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(path, { method: 'POST', headers: credentials('POST'), body: form });
  if (response.status === 401) throw notSignedIn();
  return { status: response.status, body: await response.json().catch(() => ({})) };
}
