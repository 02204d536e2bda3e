import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { showReply } from '../modals.js';
import { requestUser } from '../request-user.js';

function parseValue(value: string | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(value ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Buttons in messages, modals and App Home, every one the conversation knows: acknowledged at once, routed by
 * action id, the reply shown (see `showReply`). The button value is a hint; the subjects re-check.
 */
export function registerActions(app: App, deps: SlackDeps): void {
  // Link buttons (e.g. the workbook of a sammanställning) open in the browser; Slack still reports the click.
  app.action<BlockAction<ButtonAction>>(/^url\./, async ({ ack }) => {
    await ack();
  });
  // One listener for every button the conversation knows, not one each: Bolt runs every listener's filters, each a
  // chain of promises, on every request (a slash command and a modal submission too).
  const known = new Set(deps.conversation.buttonIds());
  if (known.size === 0) return;
  app.action<BlockAction<ButtonAction>>(exactlyOneOf(known), async ({ ack, body, action, client, context }) => {
    await ack();
    const actionId = action.action_id;
    const user = await requestUser(context);
    const reply = await deps.conversation.onButton(actionId, parseValue(action.value), user, 'dialog');
    if (!reply) return;
    const modalId = body.container?.type === 'view' ? body.view?.id : undefined;
    await showReply(deps.conversation, reply, { triggerId: body.trigger_id, userId: body.user.id, ...(modalId ? { modalId } : {}) }, user, client);
  });
}

/** A pattern matching exactly one of `ids`: one Bolt listener for several ids (Bolt runs every listener's filters on every request). */
export function exactlyOneOf(ids: Iterable<string>): RegExp {
  return new RegExp(`^(?:${[...ids].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
}
