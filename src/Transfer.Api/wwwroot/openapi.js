// What the API accepts, read from its own OpenAPI document rather than restated here: a new event type or
// import kind then reaches the dashboard with no change to it. The document is public, asked for once (and
// again only if that failed), and only by a page that needs it.

let asked = null;

function openApi() {
  asked ??= fetch('/openapi/v1.json', { headers: { Accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`/openapi/v1.json: ${response.status}`))))
    .catch((error) => { asked = null; throw error; });
  return asked;
}

/** The values a route's parameter takes, as its schema lists them. */
async function valuesOf(method, path, parameter) {
  const operation = (await openApi()).paths?.[path]?.[method];
  return operation?.parameters?.find((p) => p.name === parameter)?.schema?.enum ?? [];
}

/** The event types the event log can be filtered by: every type there is. */
export const eventTypes = () => valuesOf('get', '/api/audit/events', 'type');

/** The kinds of spreadsheet the import takes, one kind of event each. */
export const importKinds = () => valuesOf('post', '/api/imports/{import}', 'import');
