import { describe, expect, it } from 'vitest';
import { createConversation } from '../../../bot/conversation/conversation.js';
import type { FormPairing } from '../../../bot/conversation/forms.js';
import { ansvarAskForm } from '../../../cards/forms/ansvar-ask.js';
import { ActionIds } from '../../../domain/action-ids.js';
import type { ChatUser, FormFlow, SubjectHandlers } from '../../../domain/chat.js';
import { AppError } from '../../../domain/errors.js';

const user: ChatUser = { channel: 'teams', channelUserId: '29:1' };
const flow: FormFlow<{ question: string }> = {
  context: async () => ({ now: new Date(0) }),
  submit: async () => ({ view: { title: 'ok' }, summary: 'ok' }),
  contextFromAction: (data) => (typeof data.ref === 'string' ? { ref: data.ref } : undefined),
};
const subject: SubjectHandlers = {
  forms: { ansvar: { flow, openedBy: [ActionIds.ansvarAsk] } },
  buttons: {
    [ActionIds.ansvarAlternative]: async (_data, _user, place) => ({ kind: 'message', view: { title: `svar (${place})` } }),
    [ActionIds.reminderNotMine]: async () => {
      throw new AppError('common.invalid_payload');
    },
  },
  intents: { ask: async (intent) => ({ title: `fråga: ${intent.question}` }) },
};
const pairing: FormPairing = (formId) => (formId === 'ansvar' ? { definition: ansvarAskForm } : undefined);

describe('the conversation routes by id to the subject that declared it', () => {
  it('opens a form from its button in a dialog, with the references the flow carries; never from the chat', async () => {
    const c = createConversation([subject], pairing);
    expect(await c.onButton(ActionIds.ansvarAsk, { ref: 'x' }, user, 'dialog')).toEqual({ kind: 'form', formId: 'ansvar', context: { ref: 'x' } });
    expect(await c.onButton(ActionIds.ansvarAsk, {}, user, 'inline')).toMatchObject({ kind: 'refused' });
    expect(await c.onButton(ActionIds.ansvarAsk, { ref: 'x' }, user, 'chat')).toBeUndefined();
    expect(c.forms.resolve('ansvar')?.definition).toBe(ansvarAskForm);
    expect(c.forms.resolve('okänd')).toBeUndefined();
  });

  it('answers buttons and intents, turns a thrown error into a counted refusal, and knows no other id', async () => {
    const errors: unknown[] = [];
    const c = createConversation([subject], pairing, (e) => errors.push(e));
    expect(await c.onButton(ActionIds.ansvarAlternative, {}, user, 'chat')).toEqual({ kind: 'message', view: { title: 'svar (chat)' } });
    expect(await c.onButton(ActionIds.reminderNotMine, {}, user, 'dialog')).toMatchObject({ kind: 'refused' });
    expect(errors).toHaveLength(1);
    expect(await c.onButton('okänd.knapp', {}, user, 'dialog')).toBeUndefined();
    expect(await c.onText('vem ansvarar för lex maria', user)).toEqual({ kind: 'message', view: { title: 'fråga: vem ansvarar för lex maria' } });
    expect(c.buttonIds()).toEqual(expect.arrayContaining([ActionIds.ansvarAsk, ActionIds.ansvarAlternative, ActionIds.myCases]));
  });

  it('refuses to start when a subject offers a form that has no definition', () => {
    expect(() => createConversation([subject], () => undefined)).toThrow(/no definition/);
  });
});
