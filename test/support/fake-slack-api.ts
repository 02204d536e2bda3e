import { createHmac } from 'node:crypto';
import { FakeHttpServer, type RecordedRequest } from './fake-http.js';

/**
 * The Slack Web API at Bolt's `slackApiUrl` (…/api/<method>) plus response URLs (…/response/<id>).
 * Answers the methods the bot uses with realistic shapes; `users` feeds users.info.
 */
export class FakeSlackApi extends FakeHttpServer {
  users = new Map<string, { id: string; name: string; real_name?: string; profile: { email?: string; real_name?: string } }>();
  private ts = 1_700_000_000;

  constructor() {
    super((req) => {
      const method = /^\/api\/([a-zA-Z.]+)/.exec(req.path)?.[1];
      if (req.path.startsWith('/response/')) return { body: { ok: true } };
      // files.uploadV2, step 2: the file goes to the URL that files.getUploadURLExternal handed out.
      if (req.path.startsWith('/upload/')) return { raw: 'OK' };
      const body = (req.body ?? {}) as Record<string, any>;
      switch (method) {
        case 'auth.test':
          return { body: { ok: true, url: 'https://example.slack.com/', team: 'Kommunen', user: 'kvalitetsbot', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' } };
        case 'conversations.open':
          return { body: { ok: true, channel: { id: `D-${body.users ?? 'x'}` } } };
        case 'chat.postMessage':
        case 'chat.postEphemeral':
          return { body: { ok: true, channel: body.channel, ts: `${++this.ts}.000100`, message_ts: `${this.ts}.000100` } };
        case 'chat.update':
          return { body: { ok: true, channel: body.channel, ts: body.ts } };
        case 'views.open':
        case 'views.publish':
        case 'views.update':
        case 'views.push':
          return { body: { ok: true, view: { id: `V${++this.ts}`, ...(typeof body.view === 'object' ? body.view : {}) } } };
        case 'users.lookupByEmail': {
          const email = String(body.email ?? '').toLowerCase();
          const user = [...this.users.values()].find((u) => u.profile.email?.toLowerCase() === email);
          return { body: user ? { ok: true, user: { ...user, team_id: 'T1' } } : { ok: false, error: 'users_not_found' } };
        }
        case 'files.getUploadURLExternal': {
          const id = `F${++this.ts}`;
          return { body: { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id } };
        }
        case 'files.completeUploadExternal': {
          const files = typeof body.files === 'string' ? JSON.parse(body.files) : (body.files ?? []);
          return { body: { ok: true, files: files.map((f: { id: string; title?: string }) => ({ id: f.id, title: f.title })) } };
        }
        case 'users.info': {
          const user = this.users.get(String(body.user));
          return { body: user ? { ok: true, user } : { ok: false, error: 'user_not_found' } };
        }
        default:
          return method ? { body: { ok: true } } : undefined;
      }
    });
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  calls(method: string): Array<RecordedRequest & { body: Record<string, any> }> {
    return this.requests.filter((r) => r.path.startsWith(`/api/${method}`)) as never;
  }

  waitForCall(method: string, predicate: (body: Record<string, any>) => boolean = () => true, timeoutMs = 5000) {
    return this.waitFor((r) => r.path.startsWith(`/api/${method}`) && predicate((r.body ?? {}) as Record<string, any>), timeoutMs) as Promise<
      RecordedRequest & { body: Record<string, any> }
    >;
  }
}

export const SLACK_TEST_SECRET = 'test-signing-secret-0123456789abcdef';

/** Signs a Slack request body exactly as Slack does (v0 HMAC-SHA256 over "v0:timestamp:body"). */
export function slackSignature(rawBody: string, secret = SLACK_TEST_SECRET, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

/** POSTs a form-encoded slash command, signed. */
export async function postSlashCommand(
  baseUrl: string,
  fields: Record<string, string>,
  options: { secret?: string; timestamp?: number } = {},
): Promise<Response> {
  const raw = new URLSearchParams(fields).toString();
  return fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(raw, options.secret, options.timestamp) },
    body: raw,
  });
}

/** POSTs an interactivity payload (block_actions, view_submission, shortcut), signed. */
export async function postInteraction(baseUrl: string, payload: unknown, options: { secret?: string; timestamp?: number } = {}): Promise<Response> {
  const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(raw, options.secret, options.timestamp) },
    body: raw,
  });
}

/** POSTs an Events API envelope, signed. */
export async function postEvent(baseUrl: string, event: Record<string, unknown>, options: { secret?: string; timestamp?: number } = {}): Promise<Response> {
  const raw = JSON.stringify({ token: 'legacy', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `Ev${Math.random().toString(36).slice(2)}`, event_time: Math.floor(Date.now() / 1000), event });
  return fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...slackSignature(raw, options.secret, options.timestamp) },
    body: raw,
  });
}

export function slashCommandFields(responseUrl: string, command: string, text: string, user = 'U_ANNA'): Record<string, string> {
  return {
    token: 'legacy',
    team_id: 'T1',
    team_domain: 'kommunen',
    channel_id: 'C_GENERAL',
    channel_name: 'general',
    user_id: user,
    user_name: 'anna',
    command,
    text,
    api_app_id: 'A1',
    response_url: responseUrl,
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
  };
}
