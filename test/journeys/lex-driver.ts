/**
 * One driver per channel for the lex journeys: the same steps, done the way a person does them in Teams (cards,
 * task modules) or in Slack (buttons, modals), over HTTP only. Every message a person receives is written to a
 * timeline with the (fake) time, so a journey can show who was told what and when.
 */
import { expect } from 'vitest';
import type { ManualClock } from '../support/manual-clock.js';
import { buttons, optionsOf, SlackUser } from '../support/slack-client.js';
import { dialogCard, submitActions, TeamsUser } from '../support/teams-client.js';
import type { TestApp } from '../support/test-app.js';

export type FieldValue = { kind: 'text' | 'choice' | 'date'; value: string };
export const text = (value: string): FieldValue => ({ kind: 'text', value });
export const choice = (value: string): FieldValue => ({ kind: 'choice', value });
export const date = (value: string): FieldValue => ({ kind: 'date', value });

export interface Received {
  /** The message as JSON (card attachments or Block Kit). */
  json: string;
  /** Case buttons in it: action and the button's own data. */
  actions: Array<{ action: string; open: () => Promise<void> }>;
}

export interface TimelineEntry {
  at: string;
  to: string;
  title: string;
}

export interface Person {
  key: string;
  email: string;
}

export interface ChannelDriver {
  channel: 'teams' | 'slack';
  hello(p: Person): Promise<void>;
  /** Reports with the avvikelse form; returns the case number from the receipt. */
  report(p: Person, input: { type: string; unit: string; description: string; immediateActions: string }): Promise<string>;
  /** Waits for a message to `p` whose JSON contains all of `parts`; records it in the timeline. */
  waitFor(p: Person, parts: string[], label: string): Promise<Received>;
  /** Clicks the case button `action` in `message` as `p`, fills the dialog (if it has one) and saves. Returns the dialog JSON. */
  act(p: Person, message: Received, action: string, values?: Record<string, FieldValue>): Promise<string>;
  /** The dialog a button opens, without saving it. */
  peekDialog(p: Person, message: Received, action: string): Promise<string>;
}


export function teamsDriver(t: TestApp, clock: ManualClock, people: Record<string, { name: string; aad: string }>, timeline: TimelineEntry[]): ChannelDriver {
  const users = new Map<string, TeamsUser>();
  const usedCards = new Map<string, Set<string>>();
  const user = (p: Person) => {
    let u = users.get(p.key);
    if (!u) {
      const def = people[p.key]!;
      u = new TeamsUser(t.baseUrl, t.teams, def.name, p.email, def.aad);
      users.set(p.key, u);
    }
    return u;
  };
  const receivedFor = (u: TeamsUser, card: Record<string, any>): Received => ({
    json: JSON.stringify(card.attachments ?? []),
    actions: submitActions(card.attachments)
      .filter((a) => a.data.kbAction === 'avvikelse.case.transition')
      .map((a) => ({ action: a.data.action as string, open: async () => void a.data })),
  });
  const button = (message: Received, action: string, card: any) => {
    const found = submitActions(card).find((a) => a.data.kbAction === 'avvikelse.case.transition' && a.data.action === action);
    expect(found, `button ${action} in the message`).toBeDefined();
    return found!.data;
  };
  const cards = new WeakMap<Received, any>();
  return {
    channel: 'teams',
    async hello(p) {
      expect((await user(p).say('hjälp')).status).toBe(200);
    },
    async report(p, input) {
      const u = user(p);
      const saved = await u.reportAvvikelse(input.unit, {
        type: input.type,
        occurredAt__date: clock.now().toISOString().slice(0, 10),
        occurredAt__time: '07:00',
        location: 'Gemensamma utrymmen',
        description: input.description,
        immediateActions: input.immediateActions,
        konsekvens: '3',
        sannolikhet: '3',
        informed: 'ja',
        improvement: '',
      });
      expect(saved.body.task.type, JSON.stringify(saved.body).slice(0, 500)).toBe('message');
      return /AVV-\d{4}-\d{4}/.exec(saved.body.task.value)![0];
    },
    async waitFor(p, parts, label) {
      const u = user(p);
      // Only messages not matched before: the same step message must not count twice.
      const used = usedCards.get(p.key) ?? new Set<string>();
      usedCards.set(p.key, used);
      const card = await u.waitForCard((c) => parts.every((s) => c.includes(s)) && !used.has(c));
      const json = JSON.stringify(card.attachments ?? []);
      used.add(json);
      timeline.push({ at: clock.now().toISOString(), to: p.key, title: label });
      const r = receivedFor(u, card);
      cards.set(r, card.attachments);
      return r;
    },
    async peekDialog(p, message, action) {
      const data = button(message, action, cards.get(message));
      const res = await user(p).invoke('task/fetch', { data });
      return JSON.stringify(res.body);
    },
    async act(p, message, action, values = {}) {
      const u = user(p);
      const data = button(message, action, cards.get(message));
      const res = await u.invoke('task/fetch', { data });
      const dialog = dialogCard(res.body);
      const submit = submitActions(dialog).find((a) => typeof a.data.kbForm === 'string' && a.data.kbForm === `avvikelse.${action}`);
      if (!submit) {
        // An action without a dialog ran at once and its result is shown.
        expect(JSON.stringify(res.body)).not.toMatch(/behörighet|inte tillåt|redan ändrats/);
        return JSON.stringify(res.body);
      }
      const filled = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.value]));
      const saved = await u.invoke('task/submit', { data: { ...submit.data, ...filled } });
      expect(saved.body.task.type, JSON.stringify(saved.body).slice(0, 800)).toBe('message');
      return JSON.stringify(res.body);
    },
  };
}

export function slackDriver(t: TestApp, clock: ManualClock, ids: Record<string, string>, timeline: TimelineEntry[]): ChannelDriver {
  const users = new Map<string, SlackUser>();
  const usedBy = new Map<string, Set<string>>();
  const usedOf = (p: Person) => {
    const set = usedBy.get(p.key) ?? new Set<string>();
    usedBy.set(p.key, set);
    return set;
  };
  const user = (p: Person) => {
    let u = users.get(p.key);
    if (!u) {
      u = new SlackUser(t.baseUrl, t.slack, ids[p.key]!, p.key, p.email);
      users.set(p.key, u);
    }
    return u;
  };
  const blocksOf = new WeakMap<Received, any>();
  const slackValue = (field: string, v: FieldValue) => {
    const el =
      v.kind === 'text'
        ? { type: 'plain_text_input', value: v.value }
        : v.kind === 'date'
          ? { type: 'datepicker', selected_date: v.value }
          : { type: 'radio_buttons', selected_option: { value: v.value } };
    return [field, { [field]: el }] as const;
  };
  const button = (message: Received, action: string) => {
    const found = buttons(blocksOf.get(message)).find((b) => b.actionId === 'avvikelse.case.transition' && b.value.action === action);
    expect(found, `button ${action} in the message`).toBeDefined();
    return found!;
  };
  return {
    channel: 'slack',
    async hello(p) {
      expect((await user(p).dm('hjälp')).status).toBe(200);
      await user(p).waitForMessage((b) => b.includes('kvalitetsboten'));
    },
    async report(p, input) {
      const u = user(p);
      const { triggerId } = await u.command('/avvikelse');
      const view = await u.openedView(triggerId);
      const unit = optionsOf(view, 'unitId').find((o) => o.text === input.unit)!;
      const values: Record<string, unknown> = {
        type: { type: 'static_select', selected_option: { value: input.type } },
        unitId: { type: 'static_select', selected_option: { value: unit.value } },
        occurredAt: { type: 'datetimepicker', selected_date_time: Math.floor((clock.now().getTime() - 3600_000) / 1000) },
        location: { type: 'plain_text_input', value: 'Gemensamma utrymmen' },
        description: { type: 'plain_text_input', value: input.description },
        immediateActions: { type: 'plain_text_input', value: input.immediateActions },
        konsekvens: { type: 'static_select', selected_option: { value: '3' } },
        sannolikhet: { type: 'static_select', selected_option: { value: '3' } },
        informed: { type: 'static_select', selected_option: { value: 'ja' } },
      };
      const result = await u.submitUntilSaved(view, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: v }])));
      expect(result.body?.response_action, String(JSON.stringify(result.body)).slice(0, 500)).toBeUndefined();
      const used = usedOf(p);
      const receipt = await u.waitForMessage((b) => /Tack! Ditt ärende är registrerat som AVV-\d{4}-\d{4}/.test(b) && !used.has(b));
      used.add(JSON.stringify(receipt.blocks));
      return /AVV-\d{4}-\d{4}/.exec(JSON.stringify(receipt.blocks))![0];
    },
    async waitFor(p, parts, label) {
      const u = user(p);
      const used = usedOf(p);
      const msg = await u.waitForMessage((b) => parts.every((s) => b.includes(s)) && !used.has(b));
      const json = JSON.stringify(msg.blocks ?? msg.text);
      used.add(json);
      timeline.push({ at: clock.now().toISOString(), to: p.key, title: label });
      const r: Received = { json, actions: buttons(msg.blocks).filter((b) => b.actionId === 'avvikelse.case.transition').map((b) => ({ action: b.value.action, open: async () => undefined })) };
      blocksOf.set(r, msg.blocks);
      return r;
    },
    async peekDialog(p, message, action) {
      const b = button(message, action);
      const { triggerId } = await user(p).click(b.actionId, b.raw);
      return JSON.stringify(await user(p).openedView(triggerId));
    },
    async act(p, message, action, values = {}) {
      const u = user(p);
      const b = button(message, action);
      const { triggerId } = await u.click(b.actionId, b.raw);
      if (Object.keys(values).length === 0 && action === 'acknowledge') {
        const used = usedOf(p);
        const reply = await u.waitForMessage((x) => x.includes(': Mottagen') && !used.has(x));
        used.add(JSON.stringify(reply.blocks));
        return JSON.stringify(reply.blocks);
      }
      const view = await u.openedView(triggerId);
      const result = await u.submitUntilSaved(view, Object.fromEntries(Object.entries(values).map(([k, v]) => slackValue(k, v))));
      expect(result.body?.response_action, String(JSON.stringify(result.body)).slice(0, 800)).toBeUndefined();
      return JSON.stringify(view);
    },
  };
}
