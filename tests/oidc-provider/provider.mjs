// OpenID providers for the sign-in tests: panva's oidc-provider, configured the way Transfer's real
// identity providers (Microsoft Entra ID tenants, one per county) behave where the API can notice.
//
//   node tests/oidc-provider/provider.mjs <config.json> [--ignore-stdin]
//
// Every provider in the file gets its own 127.0.0.1 port and issuer http://127.0.0.1:<port>. When all
// listen, the one line {"control":"http://127.0.0.1:<p>","providers":{"<name>":"<issuer>"}} goes to
// stdout; everything else goes to stderr. The process ends when its stdin closes (so a test run that
// dies never leaves it behind) or on SIGTERM. A script that runs it in the background, where stdin is
// /dev/null, passes --ignore-stdin and stops it with SIGTERM.
//
// The control server at "control" lets a test do what only the provider's operator could:
//   POST /providers/<name>/rotate       a new signing key signs from now on; the old one stays published
//   POST /clock?offsetSeconds=-600      the whole process reads its clock that far off (0 resets)
//   GET  /health
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { promisify } from 'node:util';

// oidc-provider prints its development notices with console.info, and stdout carries only the ready line.
console.log = console.info = console.debug = (...args) => console.error(...args);

// The clock, moved before oidc-provider is loaded so that every "now" it reads (token iat/exp, expiry of
// stored grants, cookies) is the shifted one. Only Date.now() and new Date() without arguments move.
const RealDate = Date;
let clockOffsetMs = 0;
const shiftedNow = () => RealDate.now() + clockOffsetMs;
globalThis.Date = new Proxy(RealDate, {
  construct: (target, args, newTarget) => Reflect.construct(target, args.length ? args : [shiftedNow()], newTarget),
  apply: () => new RealDate(shiftedNow()).toString(),
  get: (target, property, receiver) => (property === 'now' ? shiftedNow : Reflect.get(target, property, receiver)),
});

const { default: Provider, errors } = await import('oidc-provider');

const [configPath, ...flags] = process.argv.slice(2);
if (!configPath) fail('usage: node provider.mjs <config.json> [--ignore-stdin]');
const config = readConfig(configPath);

// Watched from the start, so that a parent dying while the keys are made ends this process too.
if (!flags.includes('--ignore-stdin')) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

// Cookies signed with one key for the whole process, so that they survive a key rotation's new Provider.
const cookieKeys = [crypto.randomBytes(32).toString('base64url')];

// Key rings: a provider that shares keys with another uses that one's ring, rotations included.
const rings = new Map();
for (const definition of config.providers) {
  if (!definition.sharesKeysWith) rings.set(definition.name, { keys: [await newSigningKey()] });
}
const ringOf = (definition) => rings.get(rootOf(definition));

const running = new Map(); // name -> { definition, issuer, handle: the current Provider's request handler }
for (const definition of config.providers) {
  const server = http.createServer((req, res) => running.get(definition.name).handle(req, res));
  const port = await listen(server, definition.port ?? 0);
  const issuer = `http://127.0.0.1:${port}`;
  running.set(definition.name, { definition, issuer, handle: build(definition, issuer).callback() });
}

const control = http.createServer((req, res) => answerControl(req, res).catch((error) => {
  console.error(error);
  send(res, 500, { error: String(error.message ?? error) });
}));
const controlPort = await listen(control, 0);

process.stdout.write(`${JSON.stringify({
  control: `http://127.0.0.1:${controlPort}`,
  providers: Object.fromEntries([...running].map(([name, { issuer }]) => [name, issuer])),
})}\n`);

// --- the providers

function build(definition, issuer) {
  const accounts = definition.accounts ?? {};
  const clients = definition.clients ?? [];
  const resources = definition.resources ?? {};
  const extrasOf = new Map(clients.map((client) => [client.client_id, client]));

  const provider = new Provider(issuer, {
    clients: clients.map(({ roles, extraClaims, oid, ...metadata }) => metadata),
    jwks: { keys: ringOf(definition).keys },
    cookies: {
      keys: cookieKeys,
      // Cookies ignore ports: providers on one host would overwrite each other's under the default names.
      names: {
        session: `${definition.name}_session`,
        interaction: `${definition.name}_interaction`,
        resume: `${definition.name}_interaction_resume`,
      },
    },
    // Claims released by the scopes openid profile, into the ID token itself as Entra ID does with app
    // roles (conformIdTokenClaims: true would keep them for userinfo when an access token is issued too).
    claims: { openid: ['sub'], profile: ['name', 'roles', 'oid'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        useGrantedResource: () => false,
        getResourceServerInfo: (ctx, indicator) => {
          const resource = resources[indicator];
          if (!resource) throw new errors.InvalidTarget(`${indicator} is not a resource of this provider`);
          return {
            scope: resource.scope ?? '',
            audience: indicator,
            accessTokenTTL: resource.accessTokenTTL ?? 300,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    ttl: {
      AccessToken: (ctx, token) => token.resourceServer?.accessTokenTTL ?? 300,
      ClientCredentials: (ctx, token) => token.resourceServer?.accessTokenTTL ?? 300,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 24 * 3600,
      Grant: 24 * 3600,
    },
    // Anyone may sign in, as with a real tenant: an id missing from "accounts" is a person without app roles.
    findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id, ...personClaims(accounts[id] ?? {}, id) }) }),
    // Access tokens carry what Entra's do: the app roles, oid, and for a client its extra claims.
    extraTokenClaims: (ctx, token) => {
      if (token.kind === 'ClientCredentials') {
        const client = extrasOf.get(token.clientId) ?? {};
        return {
          ...client.extraClaims,
          ...rolesClaim(client.roles),
          oid: client.oid ?? stableUuid(`${definition.name}/${token.clientId}`),
        };
      }
      if (token.accountId) return personClaims(accounts[token.accountId] ?? {}, token.accountId);
      return undefined;
    },
  });
  provider.on('server_error', (ctx, error) => console.error(`${definition.name}: server_error`, error));
  return provider;
}

// Entra ID leaves "roles" out for someone without app roles rather than sending an empty list.
function personClaims(account, id) {
  return { name: account.name ?? id, ...rolesClaim(account.roles), ...(account.oid ? { oid: account.oid } : {}) };
}

function rolesClaim(roles) {
  return roles?.length ? { roles } : {};
}

// A UUID that is the same for the same text on every run (oid of a client that names none).
function stableUuid(text) {
  const hex = crypto.createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function newSigningKey() {
  const { privateKey } = await promisify(crypto.generateKeyPair)('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  // The RFC 7638 thumbprint, as Entra's kid is a key's identity rather than a counter.
  const kid = crypto.createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })).digest('base64url');
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

// A new key at the head of the ring signs from now on; the Providers that use the ring are built anew on
// the same servers (oidc-provider reads its keys once, when built; stored grants live in its module-wide
// memory adapter, so sessions survive).
async function rotate(name) {
  const ring = ringOf(running.get(name).definition);
  const key = await newSigningKey();
  ring.keys = [key, ...ring.keys];
  for (const entry of running.values()) {
    if (ringOf(entry.definition) === ring) entry.handle = build(entry.definition, entry.issuer).callback();
  }
  return key.kid;
}

// --- the control server

async function answerControl(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const rotation = url.pathname.match(/^\/providers\/([^/]+)\/rotate$/);
  if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'POST' && rotation) {
    const name = decodeURIComponent(rotation[1]);
    if (!running.has(name)) return send(res, 404, { error: `no provider named ${name}` });
    return send(res, 200, { kid: await rotate(name) });
  }
  if (req.method === 'POST' && url.pathname === '/clock') {
    const seconds = Number(url.searchParams.get('offsetSeconds') ?? Number.NaN);
    if (!Number.isFinite(seconds)) return send(res, 400, { error: 'offsetSeconds must be a number' });
    clockOffsetMs = seconds * 1000;
    return send(res, 200, { offsetSeconds: seconds });
  }
  return send(res, 404, { error: `no ${req.method} ${url.pathname}` });
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

// --- the configuration file

function readConfig(path) {
  let parsed;
  try {
    parsed = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`cannot read ${path}: ${error.message}`);
  }
  const providers = parsed?.providers;
  if (!Array.isArray(providers) || providers.length === 0) fail(`${path}: "providers" must be a non-empty array`);
  const names = new Set();
  for (const definition of providers) {
    // The name goes into control URLs and cookie names.
    if (!/^[A-Za-z0-9_-]+$/.test(definition?.name ?? '')) fail(`${path}: a provider's "name" must be letters, digits, - or _`);
    if (names.has(definition.name)) fail(`${path}: two providers are named ${definition.name}`);
    names.add(definition.name);
  }
  for (const definition of providers) {
    if (definition.sharesKeysWith != null && !names.has(definition.sharesKeysWith)) {
      fail(`${path}: ${definition.name} shares keys with ${definition.sharesKeysWith}, which is not in the file`);
    }
  }
  const parsedConfig = { providers };
  for (const definition of providers) rootOf(definition, parsedConfig);
  return parsedConfig;
}

// The provider whose keys this one signs with: itself, or at the end of its sharesKeysWith chain.
function rootOf(definition, within = config) {
  const seen = new Set();
  let current = definition;
  while (current.sharesKeysWith != null) {
    if (seen.has(current.name)) fail(`sharesKeysWith goes round in a circle through ${current.name}`);
    seen.add(current.name);
    current = within.providers.find((other) => other.name === current.sharesKeysWith);
  }
  return current.name;
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  }).catch((error) => fail(`cannot listen on 127.0.0.1:${port}: ${error.message}`));
}

function fail(message) {
  console.error(`provider.mjs: ${message}`);
  process.exit(2);
}
