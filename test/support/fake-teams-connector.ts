import { FakeHttpServer, type RecordedRequest } from './fake-http.js';

/**
 * The Bot Framework connector a Teams activity's `serviceUrl` points at. Records replies and proactive messages,
 * answers member look-ups from `members` (keyed by the channel user id).
 */
export class FakeTeamsConnector extends FakeHttpServer {
  members = new Map<string, { id: string; aadObjectId?: string; name?: string; email?: string; userPrincipalName?: string }>();
  private seq = 0;

  constructor() {
    super((request) => {
      // The Agents Playground's connector lives under /_connector; accept both shapes.
      const req = { ...request, path: request.path.replace(/^\/_connector(?=\/)/, '') };
      const m = /^\/v3\/conversations\/([^/]+)\/members\/([^/?]+)/.exec(req.path);
      if (req.method === 'GET' && m) {
        const member = this.members.get(decodeURIComponent(m[2]!));
        return member ? { body: member } : { status: 404, body: { error: { code: 'MemberNotFoundInConversation' } } };
      }
      if (req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities/.test(req.path)) {
        return { body: { id: `act-${++this.seq}` } };
      }
      if (req.method === 'POST' && /^\/v3\/conversations\/?$/.test(req.path)) {
        // A 1:1 with a known member is that member's personal chat (Teams returns the same chat every time).
        const target = String(((req.body as any)?.members ?? [])[0]?.id ?? '');
        const member = [...this.members.values()].find((m) => m.id === target || m.aadObjectId === target);
        if (member?.aadObjectId) return { status: 201, body: { id: `a:personal-${member.aadObjectId}` } };
        return { body: { id: `conv-${++this.seq}`, activityId: `act-${this.seq}` } };
      }
      if (req.method === 'PUT' && /^\/v3\/conversations\/[^/]+\/activities\//.test(req.path)) {
        return { body: { id: 'updated' } };
      }
      return undefined;
    });
  }

  /** Activities the bot sent (replies and new messages). */
  sentActivities(): Array<RecordedRequest & { body: Record<string, any> }> {
    return this.requests.filter((r) => r.method === 'POST' && /\/activities/.test(r.path)) as never;
  }

  /** The Adaptive Card bodies the bot sent, flattened to text for assertions. */
  static cardText(activity: Record<string, any>): string {
    return JSON.stringify(activity.attachments?.map((a: any) => a.content) ?? []);
  }
}

let counter = 0;

/** A Bot Framework activity as Teams sends it, with sane defaults. */
export function teamsActivity(serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    type: 'message',
    id: `incoming-${counter}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: `${serviceUrl}/`,
    from: { id: '29:user-anna', name: 'Anna Andersson', aadObjectId: '00000000-0000-0000-0000-00000000a001' },
    recipient: { id: '28:bot-id', name: 'Kvalitetsboten' },
    conversation: { id: 'a:personal-anna', conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    locale: 'sv-SE',
    text: 'hjälp',
    ...overrides,
  };
}
