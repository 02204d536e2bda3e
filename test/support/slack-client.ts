import { postEvent, postInteraction, postSlashCommand, slashCommandFields, type FakeSlackApi } from './fake-slack-api.js';

let seq = 0;

/** A Slack user talking to the bot: DMs, slash commands, buttons and modal submissions, all signed. */
export class SlackUser {
  readonly dmChannel: string;
  constructor(
    private readonly baseUrl: string,
    private readonly api: FakeSlackApi,
    readonly id: string,
    readonly name: string,
    readonly email: string,
  ) {
    this.dmChannel = `D-${id}`;
    api.users.set(id, { id, name, real_name: name, profile: { email, real_name: name } });
  }

  async dm(text: string): Promise<Response> {
    return postEvent(this.baseUrl, { type: 'message', channel_type: 'im', channel: this.dmChannel, user: this.id, text, ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}` });
  }

  /** Opens the app's Home tab (what a person does first in Slack; the app itself is installed for the workspace). */
  async openHome(): Promise<Response> {
    return postEvent(this.baseUrl, { type: 'app_home_opened', user: this.id, channel: this.dmChannel, tab: 'home', event_ts: `${Date.now() / 1000}` });
  }

  async command(command: string, text = ''): Promise<{ res: Response; triggerId: string }> {
    const fields = slashCommandFields(`${this.api.url}/response/${++seq}`, command, text, this.id);
    return { res: await postSlashCommand(this.baseUrl, fields), triggerId: fields.trigger_id! };
  }

  /** Waits for the modal the bot opened (views.open) for a trigger, or the newest one. */
  async openedView(triggerId?: string, method = 'views.open'): Promise<Record<string, any>> {
    const call = await this.api.waitForCall(method, (b) => (triggerId ? b.trigger_id === triggerId : true));
    return call.body.view;
  }

  /**
   * Submits a modal with the given state values; returns Bolt's ack body (empty when the modal closes), or, when
   * the ack was the "Sparar…" view, what the modal was updated to (`saving` set, the update in `shown`).
   */
  async submit(
    view: Record<string, any>,
    values: Record<string, Record<string, unknown>>,
  ): Promise<{ status: number; body: any; saving?: true; shown?: Record<string, any> }> {
    const payload = {
      type: 'view_submission',
      team: { id: 'T1', domain: 'kommunen' },
      user: { id: this.id, username: this.name, name: this.name, team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trigger-${++seq}`,
      view: { ...view, id: `V${seq}`, team_id: 'T1', state: { values }, hash: 'h', app_id: 'A1', bot_id: 'BBOT' },
    };
    const res = await postInteraction(this.baseUrl, payload);
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    if (!isSavingView(body)) return { status: res.status, body };
    // A save slower than the ack: Slack shows "Sparar…" and the bot updates that modal when the save is done.
    // Answer with what the user then sees, in the shape the ack would have had.
    const update = await this.api.waitForCall('views.update', (b) => b.view_id === payload.view.id, 30_000);
    const shown = update.body.view;
    const acked = { status: res.status, body, saving: true as const };
    if (shown.blocks?.some((b: any) => b.block_id === 'form__saved')) return { ...acked, body: undefined, shown };
    const errors = Object.fromEntries(
      (shown.blocks ?? []).filter((b: any) => /__error$/.test(b.block_id ?? '')).map((b: any) => [b.block_id.replace(/__error$/, ''), String(b.elements?.[0]?.text ?? '').replace(/^:warning: /, '')]),
    );
    if (Object.keys(errors).length) return { ...acked, body: { response_action: 'errors', errors }, shown };
    return { ...acked, body: { response_action: 'update', view: shown }, shown };
  }

  /**
   * Submits like a person would: when Slack's 3-second window passes before the save is confirmed, the bot keeps the
   * modal open with "send again" (the idempotency token makes that safe), so send again, a few times at most.
   */
  async submitUntilSaved(view: Record<string, any>, values: Record<string, Record<string, unknown>>): Promise<{ status: number; body: any }> {
    let result = await this.submit(view, values);
    for (let i = 0; i < 5 && result.body?.response_action === 'update' && /inte bekräfta/.test(JSON.stringify(result.body.view)); i++) {
      result = await this.submit(result.body.view, values);
    }
    return result;
  }

  /** Clicks a button in a message in the DM (or in a modal when `view` is given). */
  async click(actionId: string, value: string, view?: Record<string, any>): Promise<{ res: Response; triggerId: string }> {
    const triggerId = `trigger-${++seq}`;
    const payload = {
      type: 'block_actions',
      team: { id: 'T1', domain: 'kommunen' },
      user: { id: this.id, username: this.name, name: this.name, team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: triggerId,
      ...(view
        ? { container: { type: 'view', view_id: view.id ?? 'V1' }, view: { ...view, id: view.id ?? 'V1' } }
        : { container: { type: 'message', channel_id: this.dmChannel, message_ts: '1.1' }, channel: { id: this.dmChannel, name: 'directmessage' }, message: { ts: '1.1', text: '' } }),
      actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: `${Date.now() / 1000}` }],
    };
    return { res: await postInteraction(this.baseUrl, payload), triggerId };
  }

  /** Messages the bot posted in this user's DM. */
  async waitForMessage(predicate: (blocksJson: string) => boolean, timeoutMs = 30_000): Promise<Record<string, any>> {
    const call = await this.api.waitForCall('chat.postMessage', (b) => b.channel === this.dmChannel && predicate(JSON.stringify(b.blocks ?? b.text)), timeoutMs);
    return call.body;
  }
}

/** The bot's "Sparar…" modal: the save outlasted the ack and the modal is updated when it is done. */
export function isSavingView(ack: any): boolean {
  return ack?.response_action === 'update' && Array.isArray(ack.view?.blocks) && ack.view.blocks.some((b: any) => b.block_id === 'form__saving');
}

/** Every button in Block Kit blocks: action_id and parsed value. */
export function buttons(blocks: any): Array<{ actionId: string; value: Record<string, any>; raw: string; text: string }> {
  const out: Array<{ actionId: string; value: Record<string, any>; raw: string; text: string }> = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'button' && node.action_id) {
      let value: Record<string, any> = {};
      try {
        value = JSON.parse(node.value ?? '{}');
      } catch {
        value = {};
      }
      out.push({ actionId: node.action_id, value, raw: node.value ?? '', text: node.text?.text ?? '' });
    }
    for (const v of Object.values(node)) walk(v);
  };
  walk(blocks);
  return out;
}

/** The options of a select/radio input block in a modal. */
export function optionsOf(view: any, blockId: string): Array<{ text: string; value: string }> {
  const block = view.blocks.find((b: any) => b.block_id === blockId);
  const el = block?.element;
  const opts = el?.options ?? el?.option_groups?.flatMap((g: any) => g.options) ?? [];
  return opts.map((o: any) => ({ text: o.text.text, value: o.value }));
}

export const sel = (value: string) => ({ type: 'static_select', selected_option: { value } });
export const txt = (value: string) => ({ type: 'plain_text_input', value });
export const dt = (date: Date) => ({ type: 'datetimepicker', selected_date_time: Math.floor(date.getTime() / 1000) });
export const day = (date: string) => ({ type: 'datepicker', selected_date: date });
