import { ActionIds } from '../action-ids.js';
import type { ChatPeople, ChatUser, FormFlow, SubjectHandlers } from '../chat.js';
import { message } from '../chat.js';
import type { Clock } from '../clock.js';
import type { MessageView } from '../view.js';
import { ansvarAnswerView } from './messaging.js';
import type { AnsvarService } from './service.js';

export interface AnsvarHandlerDeps {
  ansvar: Pick<AnsvarService, 'ask' | 'answerEntry' | 'activeVersion'>;
  people: Pick<ChatPeople, 'defaultUnitOf'>;
  clock: Clock;
}

/** Form ids this subject serves (cards/forms/ansvar-ask.ts carries the same id). */
export const AnsvarFormIds = { ask: 'ansvar' } as const;

const entryGone: MessageView = { title: 'Raden finns inte längre i ansvarsmatrisen', text: ['Ställ frågan på nytt.'], tone: 'warning' };

/** "Vem ansvarar för …?" answered for the asker's own unit when we know it. */
export async function askAnsvar(deps: Pick<AnsvarHandlerDeps, 'ansvar' | 'people'>, question: string, user: ChatUser): Promise<MessageView> {
  const unitId = await deps.people.defaultUnitOf(user);
  const result = await deps.ansvar.ask(question, { ...(unitId ? { unitId } : {}), ...(user.email ? { askerEmail: user.email } : {}) });
  const version = await deps.ansvar.activeVersion();
  return ansvarAnswerView(result, version !== undefined ? { version } : {});
}

/** "Menade du …?": answer for the chosen matrix entry by asking for its activity. */
async function askAnsvarEntry(deps: AnsvarHandlerDeps, entryId: string, user: ChatUser): Promise<MessageView | undefined> {
  const unitId = await deps.people.defaultUnitOf(user);
  const result = await deps.ansvar.answerEntry(entryId, { ...(unitId ? { unitId } : {}), ...(user.email ? { askerEmail: user.email } : {}) });
  if (!result) return undefined;
  const version = await deps.ansvar.activeVersion();
  return ansvarAnswerView(result, version !== undefined ? { version } : {});
}

function askFlow(deps: AnsvarHandlerDeps): FormFlow<{ question: string }> {
  return {
    context: async () => ({ now: deps.clock.now() }),
    async submit(values, _meta, user) {
      const view = await askAnsvar(deps, values.question, user);
      return { view, summary: view.title };
    },
  };
}

/** The responsibility matrix in chat: a typed question, the question dialog, "Menade du …?". */
export function ansvarHandlers(deps: AnsvarHandlerDeps): SubjectHandlers {
  return {
    intents: { ask: (intent, user) => askAnsvar(deps, intent.question, user) },
    buttons: {
      [ActionIds.ansvarAlternative]: async (data, user) =>
        message((typeof data.entryId === 'string' ? await askAnsvarEntry(deps, data.entryId, user) : undefined) ?? entryGone),
    },
    forms: { [AnsvarFormIds.ask]: { flow: askFlow(deps), openedBy: [ActionIds.ansvarAsk] } },
  };
}
