// The chairs' dashboard: it reads the same routes as any client, signed in through the county's own sign-in
// (or, where only development tokens are configured, with a pasted token; session.js). Every
// board has its address in the hash (#/organisations?asOf=2022-02-01), to bookmark or send. This module
// only starts it: the router (router.js) draws the page each address names.

import { render } from './router.js';
import { wireHeader } from './header.js';

wireHeader(render);
window.addEventListener('hashchange', render);
render();
