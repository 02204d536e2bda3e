import type { App, BlockAction, ButtonAction, webApi } from '@slack/bolt';
import type { MessageView } from '../../../domain/view.js';
import { renderFormSlack } from '../../../cards/render-form-slack.js';
import { userText } from '../../../domain/error-text.js';
import { CASE_ACTION_IDS, parseCaseAction } from '../../conversation/features/case-actions.js';
import { openContext } from '../../conversation/forms.js';
import type { SlackDeps } from '../deps.js';
import { resolveSlackUser } from '../identity.js';
import { slackMessage } from '../render.js';

/** A read-only modal for a message view (case details, results). */
export function messageModal(view: MessageView): Record<string, unknown> {
  const title = view.title.length > 24 ? 'Ärende' : view.title;
  return { type: 'modal', title: { type: 'plain_text', text: title }, close: { type: 'plain_text', text: 'Stäng' }, blocks: slackMessage(view).blocks.slice(0, 100) };
}

function parseValue(value: string | undefined): unknown {
  try {
    return JSON.parse(value ?? '{}');
  } catch {
    return undefined;
  }
}

/**
 * Case buttons in DMs and in modals. Details open in a modal (never in the chat); an action that needs input opens
 * its form; an immediate status change shows its result where the button was.
 */
export function registerCaseActions(app: App, deps: SlackDeps): void {
  for (const actionId of CASE_ACTION_IDS) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const req = parseCaseAction(actionId, parseValue(action.value));
      const inModal = body.view?.id !== undefined && body.container?.type === 'view';
      const show = async (view: Record<string, unknown>) => {
        if (inModal) await client.views.push({ trigger_id: body.trigger_id, view: view as never });
        else await client.views.open({ trigger_id: body.trigger_id, view: view as never });
      };
      const reply = async (view: MessageView) => {
        if (inModal) await client.views.update({ view_id: body.view!.id, view: messageModal(view) as never });
        else if (body.channel?.id) await client.chat.postMessage({ channel: body.channel.id, ...slackMessage(view) });
      };
      if (!req || !deps.caseActions) {
        await reply({ title: 'Knappen är inaktuell', text: ['Öppna ärendet på nytt från "Mina ärenden".'], tone: 'warning' });
        return;
      }
      const user = await resolveSlackUser(body.user.id, body.team?.id, client as webApi.WebClient, deps.identities, deps.clock, deps.logger);
      try {
        if (req.op === 'view') {
          await show(messageModal(await deps.caseActions.details(req, user)));
          return;
        }
        const form = deps.caseActions.transitionForm(req);
        if (form) {
          const ctx = await openContext(form, user, undefined, {
            f: form.definition.id,
            caseId: req.caseId,
            action: req.action!,
            ...(req.expectedStatus ? { s: req.expectedStatus } : {}),
          });
          await show(renderFormSlack(form.definition, ctx) as never);
          return;
        }
        await reply(await deps.caseActions.transition(req, {}, user));
      } catch (error) {
        await reply({ title: userText(error), tone: 'warning' });
      }
    });
  }
}
