import type { App } from '@slack/bolt';
import { ActionIds, ShortcutIds } from '../../../domain/action-ids.js';
import type { SlackDeps } from '../deps.js';
import { openSlackForm } from '../modals.js';
import { requestUser } from '../request-user.js';
import { exactlyOneOf } from './actions.js';

/** Global shortcuts open the reporting forms; "Rapportera som avvikelse" on a message offers its text in the form. */
export function registerShortcuts(app: App, deps: SlackDeps): void {
  const globalShortcuts: Array<[string, string]> = [
    [ShortcutIds.avvikelseGlobal, ActionIds.avvikelseOpen],
    [ShortcutIds.synpunktGlobal, ActionIds.synpunktOpen],
  ];
  // One listener for the three (see exactlyOneOf).
  const openers = new Map(globalShortcuts);
  app.shortcut(exactlyOneOf([...openers.keys(), ShortcutIds.avvikelseFromMessage]), async ({ shortcut, ack, client, context }) => {
    await ack();
    const opener = openers.get(shortcut.callback_id);
    if (opener) {
      const formId = deps.conversation.forms.openedBy(opener);
      if (formId) await openSlackForm(deps.conversation, formId, { triggerId: shortcut.trigger_id }, await requestUser(context), client);
      return;
    }
    // "Rapportera som avvikelse" on a message: the user keeps or removes the message's text in the form.
    const formId = deps.conversation.forms.openedBy(ActionIds.avvikelseOpen);
    if (!formId || shortcut.type !== 'message_action') return;
    const text = (shortcut.message.text ?? '').slice(0, 2000);
    await openSlackForm(deps.conversation, formId, { triggerId: shortcut.trigger_id }, await requestUser(context), client, {}, text ? { description: text } : undefined);
  });
}
