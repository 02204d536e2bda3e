import { parseAdaptiveSubmission, readAdaptiveSubmitMeta } from '../../cards/form-submission.js';
import type { ChatUser } from '../../domain/chat.js';
import { completeForm, formContext, SUBMIT_BUDGET_MS, type FormOutcome, type PairedForm } from '../conversation/forms.js';
import type { TeamsDeps } from './deps.js';

/** What a submitted Adaptive Card form came to: tampered metadata, a form that cannot open now, or the outcome. */
export type TeamsSubmission = { kind: 'invalid' } | { kind: 'refused'; error: unknown } | { kind: 'done'; form: PairedForm; outcome: FormOutcome };

/**
 * One submission of a form card (a dialog or a card in the conversation): the form found again by its id, the
 * values parsed with its definition, validated, reviewed and saved within Teams' budget.
 */
export async function submitAdaptive(deps: TeamsDeps, data: unknown, user: ChatUser): Promise<TeamsSubmission> {
  const meta = readAdaptiveSubmitMeta(data);
  const form = meta ? deps.conversation.forms.resolve(meta.form, meta.context) : undefined;
  if (!meta || !form) return { kind: 'invalid' };
  let base;
  try {
    base = await formContext(form, user, meta.context);
  } catch (error) {
    return { kind: 'refused', error };
  }
  const parsed = parseAdaptiveSubmission(form.definition, data, base);
  return { kind: 'done', form, outcome: await completeForm(form, parsed, base, { token: meta.token, context: meta.context }, user, deps.logger, SUBMIT_BUDGET_MS.teams) };
}
