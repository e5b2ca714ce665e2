// Who is signed in: the bearer token, kept in sessionStorage['transfer.token'] so that it lasts as long
// as the tab and no longer, and the roles it carries.

const tokenKey = 'transfer.token';

export const token = () => sessionStorage.getItem(tokenKey);

export const signIn = (pasted) => sessionStorage.setItem(tokenKey, pasted.trim());

/** The roles the token carries, read only to decide what to offer; the API decides what may be read. */
function roles() {
  try {
    const payload = JSON.parse(atob(token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return [payload.role ?? []].flat();
  } catch {
    return [];
  }
}

export const hasRole = (...names) => roles().some((role) => names.includes(role));

const forgetters = [];

/** What else to forget when the token goes (what was kept for it, its change stream): registered by whoever keeps it. */
export const onSignOut = (forget) => forgetters.push(forget);

export function signOut() {
  sessionStorage.removeItem(tokenKey);
  for (const forget of forgetters) forget();
}
