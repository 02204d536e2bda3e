import { slackSignature } from '../../support/fake-slack-api.js';
import { teamsActivity } from '../../support/fake-teams-connector.js';
import { int, pick, rng } from './corpus.js';

/** One hostile request: malformed, oversized, mistyped or pointing the bot elsewhere; never a valid one. */
export interface FuzzCase {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The only statuses the app may answer with. */
  allowed: number[];
}

const HOSTILE_SERVICE_URLS = [
  'http://169.254.169.254/latest/meta-data/',
  'https://evil.example/',
  'http://127.0.0.1.evil.example/',
  'http://user:pw@127.0.0.1/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'gopher://127.0.0.1:25/',
  'https://smba.trafficmanager.net.evil.example/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://0x7f000001.evil.example/',
  'not a url',
  '//127.0.0.1/',
];

const WEIRD_VALUES: unknown[] = [null, 0, -1, 1e308, true, [], [[]], {}, '', ' ', '\u0000', '\ud800', 'a'.repeat(5000), { $gt: '' }, { __proto__: { admin: true } }, ['x', 1, null]];

function randomText(r: () => number, n: number): string {
  const alphabet = ['{', '}', '[', ']', '"', ':', ',', '\\', 'a', '1', ' ', '\n', 'ä', '\u0000', '\u202e', '😀', 'null', 'true', '-', '.', 'e', '+'];
  let s = '';
  for (let i = 0; i < n; i++) s += pick(r, alphabet);
  return s;
}

/** Deeply nested JSON as text (JSON.stringify itself would overflow the stack). */
function deep(depth: number, leaf = '1'): string {
  return '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
}

/** Sets `value` at a random place of a copy of `obj` (one or two levels down). */
function mutate(r: () => number, obj: Record<string, unknown>, keys: string[], value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, any>;
  const key = pick(r, keys);
  const inner = copy[key];
  if (inner && typeof inner === 'object' && !Array.isArray(inner) && r() < 0.5) inner[pick(r, Object.keys(inner).concat(['id', 'x']))] = value;
  else copy[key] = value;
  return copy;
}

const json = { 'content-type': 'application/json' };

/**
 * `count` hostile requests from a seeded generator, spread over Teams (/api/messages), Slack (/slack/events,
 * unsigned and signed-but-malformed) and the other routes. `connectorUrl` is the local fake connector, so that
 * an activity pointing there is refused only for what else is wrong with it.
 */
export function fuzzCases(seed: number, count: number, connectorUrl: string): FuzzCase[] {
  const r = rng(seed);
  const valid = () => teamsActivity(connectorUrl, { text: pick(r, ['hjälp', 'admin hjälp', 'mina ärenden', 'vem ansvarar för lex maria']) }) as Record<string, unknown>;
  const required = ['type', 'serviceUrl', 'channelId', 'conversation', 'from'];
  const generators: Array<[string, number, () => Omit<FuzzCase, 'kind'>]> = [
    ['teams: malformed JSON', 3, () => ({ method: 'POST', path: '/api/messages', headers: json, body: pick(r, [randomText(r, int(r, 1, 300)), JSON.stringify(valid()).slice(0, int(r, 1, 200)), '{"type":"message",}', "{'a':1}", '\u00ef\u00bb\u00bf{', '']), allowed: [400] })],
    ['teams: JSON that is not an object', 1, () => ({ method: 'POST', path: '/api/messages', headers: json, body: pick(r, ['[]', '1', '"x"', 'null', 'true', '[{"type":"message"}]']), allowed: [400] })],
    ['teams: wrong content type', 1, () => ({ method: 'POST', path: '/api/messages', headers: pick<Record<string, string>>(r, [{ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'multipart/form-data; boundary=x' }, {}, { 'content-type': 'application/xml' }]), body: JSON.stringify(valid()), allowed: [415] })],
    ['teams: oversized', 0.3, () => ({ method: 'POST', path: '/api/messages', headers: json, body: JSON.stringify({ ...valid(), text: 'a'.repeat(int(r, 270_000, 600_000)) }), allowed: [413] })],
    ['teams: required field missing or mistyped', 4, () => {
      const a = valid();
      const key = pick(r, required);
      // `from` is optional: it is always mistyped, never just left out.
      if (key !== 'from' && r() < 0.3) delete a[key];
      else a[key] = pick(r, [null, 0, [], '', true, { id: 5 }, 'a'.repeat(3000)]);
      return { method: 'POST', path: '/api/messages', headers: json, body: JSON.stringify(a), allowed: [400] };
    }],
    ['teams: hostile serviceUrl (fields mutated too)', 4, () => {
      let a: Record<string, unknown> = { ...valid(), serviceUrl: pick(r, HOSTILE_SERVICE_URLS) };
      if (r() < 0.7) a = mutate(r, a, ['text', 'value', 'channelData', 'entities', 'attachments', 'locale', 'name', 'replyToId', 'recipient', 'membersAdded'], pick(r, WEIRD_VALUES));
      if (r() < 0.2) a.type = pick(r, ['invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'x'.repeat(50)]);
      const nested = r() < 0.1;
      if (nested) a.value = '__DEEP__';
      const body = JSON.stringify(a).replace('"__DEEP__"', () => deep(int(r, 50, 20_000)));
      return { method: 'POST', path: '/api/messages', headers: json, body, allowed: [400, 403] };
    }],
    ['teams: prototype keys', 0.5, () => ({ method: 'POST', path: '/api/messages', headers: json, body: pick(r, ['{"__proto__":{"admin":true},"type":"message"}', `{"constructor":{"prototype":{"admin":true}},"type":"message","serviceUrl":"https://evil.example/","channelId":"msteams","conversation":{"id":"x"}}`, '{"type":"message","serviceUrl":"https://evil.example/","channelId":"msteams","conversation":{"id":"x","__proto__":{"isAdmin":true}}}']), allowed: [400, 403] })],
    ['teams: deeply nested', 0.5, () => ({ method: 'POST', path: '/api/messages', headers: json, body: r() < 0.5 ? deep(int(r, 1000, 50_000)) : '['.repeat(int(r, 1000, 20_000)), allowed: [400, 413] })],
    ['teams: invalid UTF-8', 0.5, () => ({ method: 'POST', path: '/api/messages', headers: json, body: Buffer.concat([Buffer.from('{"type":"message","text":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}')]), allowed: [400] })],
    ['teams: garbage Authorization in local mode', 1, () => ({ method: 'POST', path: '/api/messages', headers: { ...json, authorization: pick(r, ['Bearer x', 'Bearer a.b.c', 'Basic Zm9vOmJhcg==', `Bearer ${'y'.repeat(int(r, 1, 3000))}`]) }, body: JSON.stringify(valid()), allowed: [401] })],
    ['slack: unsigned garbage', 2, () => ({ method: 'POST', path: '/slack/events', headers: pick(r, [json, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'text/plain' }]), body: randomText(r, int(r, 0, 400)), allowed: [401] })],
    ['slack: signed but malformed', 2, () => {
      const body = pick(r, [
        randomText(r, int(r, 1, 300)),
        'payload=' + encodeURIComponent(randomText(r, 50)),
        'payload=%7B%22type%22%3A%22view_submission%22%7D',
        'payload=' + encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'reminder.occurrence.not_mine', value: '{' }], user: pick(r, WEIRD_VALUES) })),
        'payload=' + encodeURIComponent(JSON.stringify({ type: pick(r, ['view_submission', 'shortcut', 'message_action', 'block_actions']), user: { id: pick(r, WEIRD_VALUES) }, view: pick(r, WEIRD_VALUES), actions: pick(r, WEIRD_VALUES) })),
        'command=%2Fkvalitet',
        'command=%2Fvemansvarar&text=' + encodeURIComponent(randomText(r, 40)),
        JSON.stringify({ type: 'event_callback', event: pick(r, WEIRD_VALUES) }),
        JSON.stringify({ type: 'event_callback', event_id: pick(r, WEIRD_VALUES), event: { type: 'message', channel_type: 'im', user: pick(r, WEIRD_VALUES), text: pick(r, WEIRD_VALUES) } }),
        JSON.stringify({ type: 'url_verification', challenge: pick(r, WEIRD_VALUES) }),
        JSON.stringify(pick(r, WEIRD_VALUES)),
      ]);
      const type = body.startsWith('{') || body.startsWith('[') || body.startsWith('"') || r() < 0.3 ? json : { 'content-type': 'application/x-www-form-urlencoded' };
      return { method: 'POST', path: '/slack/events', headers: { ...type, ...slackSignature(body) }, body, allowed: [200, 400, 401, 404, 415] };
    }],
    ['other routes and methods', 1, () => {
      const path = pick(r, ['/api/messages', '/slack/events', '/api/messages/../admin', '/%00', '/healthz/..%2f', `/${'a'.repeat(int(r, 10, 3000))}`, '/api/messages?x=%ZZ', '/metrics/x', '/readyz?x=1', '/.env', '/admin']);
      const method = pick(r, ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST']);
      const body = method === 'GET' || method === 'OPTIONS' ? undefined : randomText(r, int(r, 0, 200));
      // OPTIONS: Express answers with the Allow header (200, body "POST"), which does nothing.
      const ok = path === '/readyz?x=1' && method === 'GET' ? [200, 503] : method === 'OPTIONS' ? [200] : [];
      return { method, path, headers: json, ...(body !== undefined ? { body } : {}), allowed: [...ok, 400, 401, 404, 405, 413, 415] };
    }],
  ];
  const total = generators.reduce((s, [, w]) => s + w, 0);
  const out: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    // Round-robin first so every kind is present, then weighted.
    let chosen = generators[i % generators.length]!;
    if (i >= generators.length * 10) {
      let x = r() * total;
      for (const g of generators) if ((x -= g[1]) <= 0) {
        chosen = g;
        break;
      }
    }
    out.push({ kind: chosen[0], ...chosen[2]() });
  }
  return out;
}
