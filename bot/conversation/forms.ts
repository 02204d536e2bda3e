import { randomBytes } from 'node:crypto';
import type { FormContext, FormDefinition, FormRenderContext, RawFormValues } from '../../cards/form.js';
import type { FormResult } from '../../cards/form-submission.js';
import { isAppError } from '../../domain/errors.js';
import { userText } from '../../domain/error-text.js';
import type { Logger } from '../../ops/logger.js';
import type { ChatUser, FormFlow, FormMeta, SubjectHandlers, SubmitResult } from '../../domain/chat.js';

/**
 * A subject's form flow paired with its definition (cards/forms), by form id, in services.ts. The transports open
 * it, parse what comes back with the definition's parser, and hand the values to the flow: `toInput` turns the
 * parsed values into the flow's input, `toContext` adds what the definition shows beside the fields.
 */
export interface PairedForm<V = any> {
  definition: FormDefinition<V>;
  flow: FormFlow<any, any>;
  toInput?: (values: V, meta: FormMeta, base: FormContext) => unknown;
  toContext?: (base: any) => FormContext;
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
  form: PairedForm<V>,
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
    const input = form.toInput ? form.toInput(parsed.values, meta, base) : parsed.values;
    const review = await form.flow.review?.(input, meta, user);
    if (review) return reopen(values, { privateContext: review.context }, review.notice);
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      form.flow.submit(input, meta, user),
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

/** What a submitted form came to: tampered metadata, a form that cannot open now (e.g. no units yet), or the outcome. */
export type Submission =
  | { kind: 'invalid' }
  | { kind: 'refused'; error: unknown }
  | { kind: 'done'; form: PairedForm; outcome: FormOutcome }
  /** Another delivery of the same request was taken in first (`firstDelivery` said so): nothing saved. */
  | { kind: 'duplicate' };

/**
 * One submission of a form, whichever channel (a Teams dialog or form card, a Slack modal): the form found again by
 * the id its metadata carries, its context, the values parsed with its definition (`parse`: the channel's parser),
 * then reviewed and saved within the budget (`completeForm`). With `firstDelivery` (Slack's replay ledger) valid
 * values are saved only when this delivery of the request is the first.
 */
type SubmittedMeta = { form: string; token: string; context: Record<string, string> } | undefined;
type SubmissionParser = (definition: FormDefinition<unknown>, base: FormContext) => FormResult<unknown>;
/** Without a replay ledger a submission is never a `duplicate`. */
export function submitForm(forms: FormRegistry, meta: SubmittedMeta, user: ChatUser, parse: SubmissionParser, logger: Logger, budgetMs: number): Promise<Exclude<Submission, { kind: 'duplicate' }>>;
export function submitForm(forms: FormRegistry, meta: SubmittedMeta, user: ChatUser, parse: SubmissionParser, logger: Logger, budgetMs: number, firstDelivery: Promise<boolean>): Promise<Submission>;
export async function submitForm(
  forms: FormRegistry,
  meta: SubmittedMeta,
  user: ChatUser,
  parse: SubmissionParser,
  logger: Logger,
  budgetMs: number,
  firstDelivery?: Promise<boolean>,
): Promise<Submission> {
  const form = meta ? forms.resolve(meta.form, meta.context) : undefined;
  if (!meta || !form) return { kind: 'invalid' };
  let base;
  try {
    base = await formContext(form, user, meta.context);
  } catch (error) {
    return { kind: 'refused', error };
  }
  const parsed = parse(form.definition, base);
  if (parsed.ok && firstDelivery && !(await firstDelivery)) return { kind: 'duplicate' };
  return { kind: 'done', form, outcome: await completeForm(form, parsed, base, { token: meta.token, context: meta.context }, user, logger, budgetMs) };
}

/** Renders the context for a fresh form: a new token, optional prefill. */
export async function openContext(form: PairedForm, user: ChatUser, prefill?: Record<string, unknown>, context: Record<string, string> = {}): Promise<FormRenderContext> {
  const base = await formContext(form, user, context);
  return { ...base, ...(prefill ? { values: { ...(base.values ?? {}), ...prefill } } : {}), token: newFormToken(), privateContext: context };
}

/** The context a form is rendered and parsed with, the same for both. */
export async function formContext(form: PairedForm, user: ChatUser, context: Record<string, string>): Promise<FormContext> {
  const base = await form.flow.context(user, { context });
  return form.toContext ? form.toContext(base) : base;
}

/** How a form id is shown and parsed: its definition from cards/forms, and the mapping to and from its flow. */
export type FormPairing = (formId: string) => Omit<PairedForm, 'flow'> | undefined;

/**
 * Every form of every subject, found by form id (one path for dialogs, in-chat forms and Slack modals), by the
 * action id that opens it, or by its Slack callback id.
 */
export class FormRegistry {
  private readonly flows = new Map<string, FormFlow<any, any>>();
  private readonly openers = new Map<string, string>();
  private readonly byCallback = new Map<string, string>();

  constructor(
    private readonly subjects: readonly SubjectHandlers[],
    private readonly pairing: FormPairing,
  ) {
    for (const s of subjects) {
      for (const [formId, { flow, openedBy }] of Object.entries(s.forms ?? {})) {
        const paired = pairing(formId);
        if (!paired) throw new Error(`form ${formId} has no definition in cards/forms (services.ts pairs them)`);
        this.flows.set(formId, flow);
        this.byCallback.set(paired.definition.slackCallbackId, formId);
        for (const id of openedBy) this.openers.set(id, formId);
      }
    }
  }

  /** The form `formId` (opened with `context`), paired with its definition; undefined when none serves it. */
  resolve(formId: string, context: Record<string, string> = {}): PairedForm | undefined {
    const flow = this.flows.get(formId) ?? this.subjects.map((s) => s.formFor?.(formId, context)).find((f) => f !== undefined);
    const paired = flow ? this.pairing(formId) : undefined;
    return paired && flow ? { ...paired, flow } : undefined;
  }

  /** The form id a button opens. */
  openedBy(actionId: string): string | undefined {
    return this.openers.get(actionId);
  }

  /** The form id of a Slack modal: its callback id for a fixed form, else the id carried in its context. */
  slackFormId(callbackId: string, context: Record<string, string>): string | undefined {
    return this.byCallback.get(callbackId) ?? context.f;
  }

  /** Whether a Slack modal of `formId` is known by its callback id alone (else its context carries the id, `f`). */
  knownByCallback(formId: string): boolean {
    return [...this.byCallback.values()].includes(formId);
  }

  openerIds(): string[] {
    return [...this.openers.keys()];
  }
}

/** A form ready to show, or why not: no form serves the id any more, or it cannot open (e.g. no units yet). */
export type PreparedForm = { kind: 'open'; form: PairedForm; ctx: FormRenderContext } | { kind: 'missing' } | { kind: 'refused'; error: unknown };

/** Finds the form `formId` and renders its fresh context (new token, the carried references, an optional prefill). */
export async function prepareForm(forms: FormRegistry, formId: string, user: ChatUser, carried: Record<string, string>, prefill?: Record<string, unknown>): Promise<PreparedForm> {
  const form = forms.resolve(formId, carried);
  if (!form) return { kind: 'missing' };
  try {
    return { kind: 'open', form, ctx: await openContext(form, user, prefill, carried) };
  } catch (error) {
    return { kind: 'refused', error };
  }
}
