import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { parseSlackSubmission, readSlackMetadata } from '../../../cards/form-submission.js';
import { renderFormSlack, type SlackModalView } from '../../../cards/render-form-slack.js';
import { AppError, isAppError } from '../../../domain/errors.js';
import type { FormContext } from '../../../cards/form.js';
import { userText } from '../../../domain/error-text.js';
import type { SubmitResult } from '../../../domain/chat.js';
import { MAX_PENDING_SAVES, notSavedNotice, savingTexts, submitForm, SUBMIT_BUDGET_MS, type PairedForm } from '../../conversation/forms.js';
import type { SlackDeps } from '../deps.js';
import { keptView, noticeBlock } from '../kept-view.js';
import { firstDelivery } from '../deduplication.js';
import { dm, type DmChannels } from '../modals.js';
import { requestUser } from '../request-user.js';

function withNotice(view: SlackModalView, notice: string | undefined): SlackModalView {
  if (!notice) return view;
  return { ...view, blocks: [noticeBlock(notice), ...view.blocks] as never };
}

/** Modal submissions: every form, found by its id (the callback id, or the id carried in the context). */
export function registerViews(app: App, deps: SlackDeps): void {
  const dmChannels: DmChannels = new Map();
  app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: /.+/ }, async (args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const { ack, view, body, client, context } = args;
    const meta = readSlackMetadata(view.private_metadata);
    const formId = meta ? deps.conversation.forms.slackFormId(view.callback_id, meta.context) : undefined;
    const form = meta && formId ? deps.conversation.forms.resolve(formId, meta.context) : undefined;
    if (!form || !meta || !formId) {
      deps.logger.warn({ callbackId: view.callback_id }, 'Slack view submission for an unknown form or with tampered metadata');
      await ack({ response_action: 'errors', errors: {} } as never);
      return;
    }
    // Slack's 3-second window is running (Bolt has verified the request), and the user and form look-ups count inside it. What finishes within
    // `slackAck` is answered in the ack itself (field errors next to the fields, the modal closing on a receipt);
    // anything slower is acknowledged with a "saving" view and the modal is updated when the save is done.
    if (deps.inflight && deps.inflight.size >= MAX_PENDING_SAVES) {
      deps.logger.warn({ pending: deps.inflight.size }, 'too many saves waiting for MongoDB; a submission was refused with the form kept (is the database overloaded?)');
      await ack({ response_action: 'update', view: keptView(view as never, view.state.values as never, savingTexts.busy) } as never);
      return;
    }
    // The claim in the shared de-duplication ledger runs beside the look-ups; the save waits for it.
    const work = submitView(deps, form, { form: formId, token: meta.token, context: meta.context }, view, () => requestUser(context), firstDelivery(context));
    deps.inflight?.track(work);
    const early = await Promise.race([work, new Promise<undefined>((r) => setTimeout(() => r(undefined), SUBMIT_BUDGET_MS.slackAck).unref())]);
    if (early) {
      // A replay of a submission another delivery took in: acknowledged, nothing saved or sent (ack() stops here).
      if (early.kind === 'duplicate') return void (await ack());
      if (early.kind === 'errors') await ack({ response_action: 'errors', errors: early.errors });
      else if (early.kind === 'update') await ack({ response_action: 'update', view: early.view } as never);
      else {
        await ack();
        await dm(client, body.user.id, early.result.view, dmChannels).catch((error: unknown) => deps.logger.warn({ err: errInfo(error) }, 'Slack receipt could not be sent'));
      }
      return;
    }
    await ack({ response_action: 'update', view: savingView(view.private_metadata, view.callback_id) } as never);
    const outcome = await work;
    if (outcome.kind === 'duplicate') return;
    const shown = await client.views
      .update({ view_id: view.id, view: JSON.stringify(outcome.kind === 'saved' ? savedView(outcome.result, view.callback_id) : outcome.view) as never })
      .then(() => true)
      .catch((error: unknown) => {
        deps.logger.warn({ err: errInfo(error) }, 'Slack modal could not be updated after the save (closed by the user?)');
        return false;
      });
    if (outcome.kind === 'saved') {
      await dm(client, body.user.id, outcome.result.view, dmChannels).catch((error: unknown) => deps.logger.warn({ err: errInfo(error) }, 'Slack receipt could not be sent'));
    } else if (!shown) {
      await dm(client, body.user.id, { title: savingTexts.notSavedDmTitle, text: [savingTexts.notSavedDm], tone: 'warning' }, dmChannels).catch(() => undefined);
    }
  });
}

function errInfo(error: unknown): { name: string; message: string } {
  return { name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) };
}

/** What a submission comes to: field errors, the form again (with a notice), or saved. */
type ViewOutcome =
  /** `view` shows the same errors when the ack has already gone (views.update cannot set field errors). */
  | { kind: 'errors'; errors: Record<string, string>; view: SlackModalView }
  | { kind: 'update'; view: SlackModalView }
  | { kind: 'saved'; result: SubmitResult }
  /** Another delivery of the same request was taken in first: nothing done. */
  | { kind: 'duplicate' };

/** The user look-up, then the form's parse, review and save (`submitForm`) of one modal submission. Never rejects. */
async function submitView(
  deps: SlackDeps,
  form: PairedForm,
  ref: { form: string; token: string; context: Record<string, string> },
  submitted: ViewSubmitAction['view'],
  user: () => ReturnType<typeof requestUser>,
  first: Promise<boolean>,
): Promise<ViewOutcome> {
  const values = submitted.state.values;
  // The form as submitted, with what was typed: it needs nothing that may just have failed (units, the database).
  const again = (notice: string): ViewOutcome => ({ kind: 'update', view: keptView(submitted as never, values as never, notice) as never });
  try {
    const chatUser = await user();
    const parse = (definition: PairedForm['definition'], base: FormContext) => parseSlackSubmission(definition, values, base);
    const submission = await submitForm(deps.conversation.forms, ref, chatUser, parse, deps.logger, SUBMIT_BUDGET_MS.slack, first);
    if (submission.kind === 'duplicate') return { kind: 'duplicate' };
    if (submission.kind === 'invalid') return again(userText(new AppError('common.invalid_payload')));
    // A refusal (e.g. no units yet) says why; a fault says plainly that nothing was saved and the text is kept.
    if (submission.kind === 'refused') {
      const error = submission.error;
      return again(isAppError(error) && error.code !== 'common.storage_unavailable' ? userText(error) : notSavedNotice(error));
    }
    const { outcome } = submission;
    if (outcome.kind === 'saved') return outcome;
    if (outcome.ctx.errors && Object.keys(outcome.ctx.errors).length && !outcome.notice) {
      return { kind: 'errors', errors: outcome.ctx.errors, view: renderFormSlack(form.definition, outcome.ctx) };
    }
    return { kind: 'update', view: withNotice(renderFormSlack(form.definition, outcome.ctx), outcome.notice) };
  } catch (error) {
    deps.logger.error({ form: form.definition.id, err: errInfo(error) }, 'Slack form submission failed');
    return again(notSavedNotice(error));
  }
}

/** A modal that only tells how the save is going: no inputs, no submit (nothing can be sent twice). */
function statusModal(callbackId: string, title: string, blocks: Array<Record<string, unknown>>, privateMetadata?: string) {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: title },
    close: { type: 'plain_text', text: savingTexts.close },
    ...(privateMetadata !== undefined ? { private_metadata: privateMetadata } : {}),
    blocks,
  };
}

/** The modal while the save runs, the metadata kept. */
function savingView(privateMetadata: string, callbackId: string) {
  return statusModal(callbackId, savingTexts.title, [{ type: 'section', block_id: 'form__saving', text: { type: 'mrkdwn', text: savingTexts.saving } }], privateMetadata);
}

/** The modal after a save acknowledged early: the one-line receipt (no free text from the form). */
function savedView(result: SubmitResult, callbackId: string) {
  return statusModal(callbackId, savingTexts.savedTitle, [
    { type: 'section', block_id: 'form__saved', text: { type: 'mrkdwn', text: `:white_check_mark: ${result.summary.replace(/[<>&]/g, '')}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: savingTexts.savedNote }] },
  ]);
}
