import { randomBytes } from 'node:crypto';
import type { FormContext, FormDefinition, FormRenderContext, RawFormValues } from '../../cards/form.js';
import type { FormResult } from '../../cards/form-submission.js';
import type { MessageView } from '../../domain/view.js';
import { isAppError } from '../../domain/errors.js';
import { userText } from '../../domain/error-text.js';
import type { Logger } from '../../ops/logger.js';
import type { ChatUser } from '../../domain/chat.js';

/**
 * A dialog form as both channels host it: Teams task modules and Slack modals. The transport opens it
 * (`openForm`), parses what comes back with the form's own parser, and hands typed values to `submit`.
 */
export interface HostedForm<V = unknown> {
  definition: FormDefinition<V>;
  /** Units, default unit, now — the same for rendering and parsing. Throws AppError when the form cannot open. */
  context(user: ChatUser): Promise<FormContext>;
  /** Saves and returns what to show. Throws AppError on refusal or storage faults (the form then stays open). */
  submit(values: V, meta: { token: string; context: Record<string, string> }, user: ChatUser): Promise<SubmitResult>;
  /** Opaque references to carry from the opening button into the form (e.g. which reminder). Undefined = refuse. */
  contextFromAction?(data: Record<string, unknown>): Record<string, string> | undefined;
  /** Optional check before saving that may send the form back with a notice (e.g. "this sounds like lex Sarah"). */
  review?(values: V, meta: { token: string; context: Record<string, string> }, user: ChatUser): Promise<{ notice: string; context: Record<string, string> } | undefined>;
}

export interface SubmitResult {
  /** Shown in the chat after the dialog closes (a receipt: no free text from the form). */
  view: MessageView;
  /** One line for the dialog's closing message. */
  summary: string;
}

/** What the transport does after a submit. */
export type FormOutcome =
  | { kind: 'saved'; result: SubmitResult }
  /** Show the form again with the user's values: field errors and/or a notice at the top. */
  | { kind: 'reopen'; ctx: FormRenderContext; notice?: string };

export function newFormToken(): string {
  return `f_${randomBytes(12).toString('base64url')}`;
}

/** The storage-fault notice: the report was NOT saved, the form is kept, a retry cannot duplicate it. */
export function notSavedNotice(error: unknown): string {
  const saysNotSaved = isAppError(error) && error.code === 'common.storage_unavailable';
  return `${saysNotSaved ? '' : 'Ingenting är sparat. '}${userText(error)} Dina uppgifter finns kvar i formuläret – skicka igen när du vill. Det blir inte dubbelt.`;
}

/**
 * How long a save may take before we answer the user anyway. Teams waits about 15 s for an invoke response. Slack
 * closes a view_submission after 3 s, so Slack answers within `slackAck` (counted from the request, user and form
 * look-ups included) with a "saving" view and updates that view when the save is done; `slack` bounds that
 * background save before the user is told it could not be confirmed.
 */
export const SUBMIT_BUDGET_MS = { slack: 20_000, slackAck: 150, teams: 10_000 } as const;

/** What the Slack modal says while a save acknowledged early is still running, and when it is done. */
export const savingTexts = {
  title: 'Sparar…',
  saving: 'Sparar … Fönstret visar kvittot när det är klart. Stänger du fönstret får du kvittot ändå som meddelande.',
  close: 'Stäng',
  savedTitle: 'Sparat',
  savedNote: 'Kvittot finns också som meddelande från Kvalitetsboten.',
  /** When the modal was closed before a save failed: the text is gone from the screen, so say so plainly. */
  notSavedDmTitle: 'Inte sparat',
  notSavedDm: 'Det du skickade i formuläret sparades inte. Öppna formuläret igen och skicka på nytt.',
  /** More saves waiting for the database than `MAX_PENDING_SAVES`: refused at once rather than piled up in memory. */
  busy: 'Kvalitetsboten har många rapporter att spara just nu. Ingenting är sparat – dina uppgifter finns kvar i formuläret. Skicka igen om en stund; det blir inte dubbelt.',
} as const;

/**
 * Saves acknowledged early and still waiting for the database, per process. Beyond this a submission is answered at
 * once with the form kept and "try again": memory stays bounded when the database cannot keep up.
 */
export const MAX_PENDING_SAVES = 300;

class SubmitTimeout extends Error {}

/**
 * Runs validation, review and the save, and turns every failure into a re-opened form that keeps what the user
 * typed. A save that does not finish within the budget is reported as not confirmed; it may still complete, and
 * the idempotency token makes a retry return the same case.
 */
export async function completeForm<V>(
  form: HostedForm<V>,
  parsed: FormResult<V>,
  base: FormContext,
  meta: { token: string; context: Record<string, string> },
  user: ChatUser,
  logger: Logger,
  budgetMs: number = SUBMIT_BUDGET_MS[user.channel],
): Promise<FormOutcome> {
  const reopen = (raw: RawFormValues | Record<string, unknown>, extra: Partial<FormRenderContext> = {}, notice?: string): FormOutcome => ({
    kind: 'reopen',
    ctx: { ...base, values: raw, token: meta.token, privateContext: meta.context, ...extra },
    ...(notice ? { notice } : {}),
  });
  if (!parsed.ok) return reopen(parsed.raw, { errors: parsed.errors });
  const values = parsed.values as unknown as Record<string, unknown>;
  try {
    const review = await form.review?.(parsed.values, meta, user);
    if (review) return reopen(values, { privateContext: review.context }, review.notice);
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      form.submit(parsed.values, meta, user),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SubmitTimeout()), budgetMs);
      }),
    ]).finally(() => clearTimeout(timer));
    return { kind: 'saved', result };
  } catch (error) {
    if (error instanceof SubmitTimeout) {
      logger.warn({ form: form.definition.id }, 'form save did not finish within the budget');
      return reopen(values, {}, 'Vi kunde inte bekräfta att uppgifterna sparades. Skicka igen – det blir inte dubbelt.');
    }
    if (isAppError(error)) {
      logger.warn({ form: form.definition.id, code: error.code }, 'form submit refused');
      return reopen(values, {}, error.code === 'common.storage_unavailable' ? notSavedNotice(error) : userText(error));
    }
    logger.error({ form: form.definition.id, err: { name: (error as Error).name, message: (error as Error).message } }, 'form submit failed');
    return reopen(values, {}, notSavedNotice(error));
  }
}

/** Looks a hosted form up by the action id that opens it or by its definition id. */
export class FormRegistry {
  private readonly byId = new Map<string, HostedForm<any>>();
  private readonly byOpenAction = new Map<string, HostedForm<any>>();
  private readonly bySlackCallback = new Map<string, HostedForm<any>>();

  register(form: HostedForm<any>, openActionIds: string[]): void {
    this.byId.set(form.definition.id, form);
    this.bySlackCallback.set(form.definition.slackCallbackId, form);
    for (const id of openActionIds) this.byOpenAction.set(id, form);
  }
  byFormId(id: string) {
    return this.byId.get(id);
  }
  byOpenActionId(id: string) {
    return this.byOpenAction.get(id);
  }
  bySlackCallbackId(id: string) {
    return this.bySlackCallback.get(id);
  }
  slackCallbackIds(): string[] {
    return [...this.bySlackCallback.keys()];
  }
}

/** Renders the context for a fresh form: a new token, optional prefill. */
export async function openContext<V>(form: HostedForm<V>, user: ChatUser, prefill?: Record<string, unknown>, context: Record<string, string> = {}): Promise<FormRenderContext> {
  const base = await form.context(user);
  return { ...base, ...(prefill ? { values: prefill } : {}), token: newFormToken(), privateContext: context };
}
