import type { App } from '@slack/bolt';
import { ActionIds, ShortcutIds } from '../../../domain/action-ids.js';
import type { SlackDeps } from '../deps.js';
import { openSlackForm } from '../modals.js';
import { requestUser } from '../request-user.js';

/** Global shortcuts open the reporting forms; "Rapportera som avvikelse" on a message offers its text in the form. */
export function registerShortcuts(app: App, deps: SlackDeps): void {
  const globalShortcuts: Array<[string, string]> = [
    [ShortcutIds.avvikelseGlobal, ActionIds.avvikelseOpen],
    [ShortcutIds.synpunktGlobal, ActionIds.synpunktOpen],
  ];
  for (const [callbackId, opener] of globalShortcuts) {
    app.shortcut(callbackId, async ({ shortcut, ack, client, context }) => {
      await ack();
      const formId = deps.conversation.forms.openedBy(opener);
      if (formId) await openSlackForm(deps.conversation, formId, { triggerId: shortcut.trigger_id }, await requestUser(context), client);
    });
  }

  // The user keeps or removes the message's text in the form.
  app.shortcut(ShortcutIds.avvikelseFromMessage, async ({ shortcut, ack, client, context }) => {
    await ack();
    const formId = deps.conversation.forms.openedBy(ActionIds.avvikelseOpen);
    if (!formId || shortcut.type !== 'message_action') return;
    const text = (shortcut.message.text ?? '').slice(0, 2000);
    await openSlackForm(deps.conversation, formId, { triggerId: shortcut.trigger_id }, await requestUser(context), client, {}, text ? { description: text } : undefined);
  });
}
