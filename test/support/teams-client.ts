import { postActivity } from './test-app.js';
import { teamsActivity, type FakeTeamsConnector } from './fake-teams-connector.js';

/** A Teams user talking to the bot in their personal chat, as Teams would send it. */
export class TeamsUser {
  readonly id: string;
  readonly conversationId: string;
  constructor(
    private readonly baseUrl: string,
    private readonly connector: FakeTeamsConnector,
    readonly name: string,
    readonly email: string,
    readonly aadObjectId: string,
  ) {
    this.id = `29:${aadObjectId}`;
    this.conversationId = `a:personal-${aadObjectId}`;
    connector.members.set(this.id, { id: this.id, aadObjectId, name, email, userPrincipalName: email });
  }

  private activity(overrides: Record<string, unknown>) {
    return teamsActivity(this.connector.url, {
      from: { id: this.id, name: this.name, aadObjectId: this.aadObjectId },
      conversation: { id: this.conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
      ...overrides,
    });
  }

  /**
   * Installs the app for oneself, as Teams sends it: installationUpdate (action add) and conversationUpdate with the
   * bot among membersAdded, both in the new personal chat. The user writes nothing.
   */
  async install(): Promise<void> {
    const bot = { id: '28:bot-id', name: 'Kvalitetsboten' };
    for (const extra of [
      { type: 'installationUpdate', action: 'add', text: undefined },
      { type: 'conversationUpdate', membersAdded: [bot], text: undefined },
    ]) {
      const res = await postActivity(this.baseUrl, this.activity(extra));
      if (res.status >= 300) throw new Error(`install: ${res.status}`);
    }
  }

  /** The app is added to a team by this user: conversationUpdate in the team's General channel, nothing personal. */
  async addToTeam(teamId = '19:team-general@thread.tacv2'): Promise<void> {
    const res = await postActivity(
      this.baseUrl,
      this.activity({
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [{ id: '28:bot-id', name: 'Kvalitetsboten' }],
        conversation: { id: teamId, conversationType: 'channel', tenantId: 'tenant-1' },
        channelData: { tenant: { id: 'tenant-1' }, team: { id: teamId }, eventType: 'teamMemberAdded' },
      }),
    );
    if (res.status >= 300) throw new Error(`addToTeam: ${res.status}`);
  }

  async say(text: string): Promise<Response> {
    return postActivity(this.baseUrl, this.activity({ text }));
  }

  /** Action.Submit on a card posted in the chat. */
  async click(data: Record<string, unknown>): Promise<Response> {
    return postActivity(this.baseUrl, this.activity({ text: undefined, value: data }));
  }

  /** An invoke (task/fetch, task/submit, composeExtension/…); returns the parsed invoke response body. */
  async invoke(name: string, value: unknown, conversationType = 'personal'): Promise<{ status: number; body: any }> {
    const res = await postActivity(
      this.baseUrl,
      this.activity({
        type: 'invoke',
        name,
        text: undefined,
        value,
        conversation: { id: conversationType === 'personal' ? this.conversationId : '19:channel@thread.tacv2', conversationType, tenantId: 'tenant-1' },
      }),
    );
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /**
   * What a person does to report an avvikelse: "Rapportera avvikelse" opens the dialog (task/fetch), they pick the
   * unit by its name in the dialog's list and send `fields` (the form's input ids, as the card submits them). The
   * dialog's answer to the submit.
   */
  async reportAvvikelse(unitName: string, fields: Record<string, string>): Promise<{ status: number; body: any }> {
    const open = await this.invoke('task/fetch', { data: { kbAction: 'avvikelse.report.open' } });
    const card = dialogCard(open.body);
    const submit = submitActions(card).find((a) => a.data.kbForm === 'avvikelse');
    if (!submit) throw new Error(`no avvikelse form in the dialog: ${JSON.stringify(open.body).slice(0, 300)}`);
    const unit = choices(card, 'unitId').find((c) => c.title === unitName);
    if (!unit) throw new Error(`no unit "${unitName}" in the form's list`);
    return this.invoke('task/submit', { data: { ...submit.data, unitId: unit.value, ...fields } });
  }

  /** Activities the bot sent to this user's personal chat. */
  received(): Array<Record<string, any>> {
    return this.connector
      .sentActivities()
      .filter((r) => r.path.startsWith(`/v3/conversations/${this.conversationId}/activities`))
      .map((r) => r.body);
  }

  async waitForCard(predicate: (cardJson: string) => boolean, timeoutMs = 30_000): Promise<Record<string, any>> {
    const req = await this.connector.waitFor(
      (r) => r.method === 'POST' && r.path.startsWith(`/v3/conversations/${this.conversationId}/activities`) && predicate(JSON.stringify((r.body as any)?.attachments ?? [])),
      timeoutMs,
    );
    return req.body as Record<string, any>;
  }
}

/** The Adaptive Card of a task module response. */
export function dialogCard(body: any): any {
  return body?.task?.value?.card?.content;
}

/** Every Action.Submit data object in a card (including selectActions), depth-first. */
export function submitActions(card: any): Array<{ title?: string; data: Record<string, any> }> {
  const out: Array<{ title?: string; data: Record<string, any> }> = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'Action.Submit' && node.data) out.push({ title: node.title, data: node.data });
    for (const v of Object.values(node)) walk(v);
  };
  walk(card);
  return out;
}

/** The ChoiceSet choices of an input in a card. */
export function choices(card: any, inputId: string): Array<{ title: string; value: string }> {
  let found: any;
  const walk = (node: any) => {
    if (!node || typeof node !== 'object' || found) return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'Input.ChoiceSet' && node.id === inputId) found = node;
    for (const v of Object.values(node)) walk(v);
  };
  walk(card);
  return found?.choices ?? [];
}
