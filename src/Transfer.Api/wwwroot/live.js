// An open board follows new events: one change stream for the person and county on screen (Server-Sent
// Events, read with fetch so that a token goes in its header, not in an address; a session's cookie goes
// as with every request). The server checks
// each county once a second for every dashboard at once; the page reads its board again only when
// something changed.

import { t, instant } from './i18n.js';
import { county } from './addresses.js';
import { credentials, hasRole, identity, onSignOut } from './session.js';

let watching = null;
let lastChange = null;
let redrawSoon = null;

function stop() {
  watching?.controller.abort();
  watching = null;
  lastChange = null;
}
onSignOut(stop);

/** Keeps the stream open for the person and county on screen; `redraw` is called after a change (once, if several come at once). */
export function watchBoards(redraw) {
  const key = `${identity()}|${county}`;
  if (!identity() || (hasRole('national') && !county) || watching?.key === key) return;
  stop();
  const controller = new AbortController();
  watching = { key, controller };
  (async () => {
    try {
      const response = await fetch(`/api/boards/changes${county ? `?county=${encodeURIComponent(county)}` : ''}`,
        { headers: credentials(), signal: controller.signal });
      if (!response.ok) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(message)?.[1];
          if (/^event: changed$/m.test(message) && data) changed(JSON.parse(data), redraw);
        }
      }
    } catch { /* aborted, or the connection dropped: the next page shown opens another */ }
    if (watching?.controller === controller) watching = null;
  })();
}

// The first message is where the county stands as the stream opens, which the board on screen already shows.
function changed(change, redraw) {
  const first = lastChange === null;
  lastChange = change;
  showUpdated();
  if (first) return;
  clearTimeout(redrawSoon);
  redrawSoon = setTimeout(redraw, 300);
}

/** The header's "last change" line, with the change's sequence for scripts to read. */
export function showUpdated() {
  const badge = document.getElementById('updated');
  badge.textContent = lastChange ? t('updated', instant(lastChange.recordedAt)) : '';
  if (lastChange) badge.dataset.sequence = String(lastChange.sequence);
}
