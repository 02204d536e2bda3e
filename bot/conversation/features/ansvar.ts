import { ansvarAnswerView } from '../../../cards/ansvar-answer.js';
import { ansvarAskForm, type AnsvarAskFormValues } from '../../../cards/forms/ansvar-ask.js';
import type { MessageView } from '../../../domain/view.js';
import type { AnsvarService } from '../../../domain/ansvarsmatris/service.js';
import type { Clock } from '../../../domain/clock.js';
import type { People } from '../../../wiring/people.js';
import type { HostedForm } from '../forms.js';
import type { ChatUser } from '../../../domain/chat.js';

/** "Vem ansvarar för …?" answered for the asker's own unit when we know it. */
export async function askAnsvar(ansvar: AnsvarService, people: People, question: string, user: ChatUser): Promise<MessageView> {
  const unitId = await people.defaultUnitOf(user);
  const result = await ansvar.ask(question, { ...(unitId ? { unitId } : {}), ...(user.email ? { askerEmail: user.email } : {}) });
  const version = await ansvar.activeVersion();
  return ansvarAnswerView(result, version !== undefined ? { version } : {});
}

/** "Menade du …?": answer for the chosen matrix entry by asking for its activity. */
export async function askAnsvarEntry(ansvar: AnsvarService, people: People, entryId: string, user: ChatUser): Promise<MessageView | undefined> {
  const unitId = await people.defaultUnitOf(user);
  const result = await ansvar.answerEntry(entryId, { ...(unitId ? { unitId } : {}), ...(user.email ? { askerEmail: user.email } : {}) });
  if (!result) return undefined;
  const version = await ansvar.activeVersion();
  return ansvarAnswerView(result, version !== undefined ? { version } : {});
}

export function ansvarAskHostedForm(ansvar: AnsvarService, people: People, clock: Clock): HostedForm<AnsvarAskFormValues> {
  return {
    definition: ansvarAskForm,
    context: async () => ({ now: clock.now() }),
    async submit(values, _meta, user) {
      const view = await askAnsvar(ansvar, people, values.question, user);
      return { view, summary: view.title };
    },
  };
}
