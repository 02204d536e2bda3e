import { postActivity } from './test-app.js';
import { teamsActivity, type FakeTeamsConnector } from './fake-teams-connector.js';

/**
 * A person in the Microsoft 365 Agents Playground, as the Playground sends it: `channelId: msteams`, the mocked
 * connector under `<serviceUrl>/_connector`, ids from its config file. The Playground cannot open dialogs
 * (task/fetch); Universal Actions (Action.Execute) arrive as `adaptiveCard/action` invokes.
 */
export class PlaygroundUser {
  readonly conversationId: string;
  constructor(
    private readonly baseUrl: string,
    private readonly connector: FakeTeamsConnector,
    readonly id: string,
    readonly name: string,
    readonly email: string,
    readonly aadObjectId: string,
  ) {
    this.conversationId = `pg-personal-${id}`;
    connector.members.set(id, { id, aadObjectId, name, email, userPrincipalName: email });
  }

  private activity(overrides: Record<string, unknown>) {
    return teamsActivity(`${this.connector.url}/_connector`, {
      from: { id: this.id, name: this.name, aadObjectId: this.aadObjectId },
      recipient: { id: '00000000-0000-0000-0000-00000000000011', name: 'Kvalitetsboten' },
      conversation: { id: this.conversationId, conversationType: 'personal', tenantId: '00000000-0000-0000-0000-0000000000001' },
      channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000001' } },
      entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'UTC' }],
      locale: 'en-US',
      ...overrides,
    });
  }

  /** What the Playground sends when its page opens: installationUpdate, then conversationUpdate (bot added). */
  async open(): Promise<void> {
    await postActivity(this.baseUrl, this.activity({ type: 'installationUpdate', action: 'add', text: undefined }));
    await postActivity(
      this.baseUrl,
      this.activity({ type: 'conversationUpdate', text: undefined, membersAdded: [{ id: this.id, aadObjectId: this.aadObjectId }, { id: '00000000-0000-0000-0000-00000000000011' }] }),
    );
  }

  async say(text: string): Promise<Response> {
    return postActivity(this.baseUrl, this.activity({ text }));
  }

  /** Action.Submit on a card in the chat. */
  async click(data: Record<string, unknown>): Promise<Response> {
    return postActivity(this.baseUrl, this.activity({ text: undefined, value: data }));
  }

  /** Action.Execute: the `adaptiveCard/action` invoke; returns the invoke response body. */
  async execute(verb: string, data: Record<string, unknown>): Promise<{ status: number; body: any }> {
    const res = await postActivity(
      this.baseUrl,
      this.activity({ type: 'invoke', name: 'adaptiveCard/action', text: undefined, value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } }),
    );
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** The Adaptive Cards the bot sent to this person's chat, newest last. */
  cards(): any[] {
    return this.connector
      .sentActivities()
      .filter((r) => r.path.startsWith(`/_connector/v3/conversations/${this.conversationId}/activities`))
      .flatMap((r) => (r.body.attachments ?? []).map((a: any) => a.content));
  }

  async waitForCard(predicate: (cardJson: string) => boolean, timeoutMs = 30_000): Promise<any> {
    const req = await this.connector.waitFor(
      (r) => r.method === 'POST' && r.path.startsWith(`/_connector/v3/conversations/${this.conversationId}/activities`) && predicate(JSON.stringify((r.body as any)?.attachments ?? [])),
      timeoutMs,
    );
    return (req.body as any).attachments[0].content;
  }
}

/** Every action of a card (Action.Submit, Action.Execute, selectActions), depth-first. */
export function cardActions(card: any): Array<{ type: string; title?: string; verb?: string; data: Record<string, any> }> {
  const out: Array<{ type: string; title?: string; verb?: string; data: Record<string, any> }> = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if ((node.type === 'Action.Submit' || node.type === 'Action.Execute') && node.data) out.push({ type: node.type, title: node.title, verb: node.verb, data: node.data });
    for (const v of Object.values(node)) walk(v);
  };
  walk(card);
  return out;
}
