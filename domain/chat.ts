import type { OrgDirectory } from './ansvarsmatris/directory.js';
import type { OrgPerson } from './ansvarsmatris/schema.js';
import type { Actor } from './cases/types.js';
import type { MessageView } from './view.js';

/** The person behind a chat request, as the channel told us. Authorisation always re-reads the directory. */
export interface ChatUser {
  channel: 'teams' | 'slack';
  /** Teams: from.id (29:…); Slack: user id (U…). */
  channelUserId: string;
  /** Teams: AAD object id, when present. */
  aadObjectId?: string;
  email?: string;
  displayName?: string;
  /** Where the message was written: a one-to-one chat with the bot, or a channel others can read. Default personal. */
  where?: 'personal' | 'shared';
}

/** A file the bot hands to the person who asked (e.g. the workbook of a sammanställning). */
export interface ChatFile {
  filename: string;
  data: Buffer;
  title: string;
}

/**
 * What the bot answers to a chat message or a button. `details` is shown only in a dialog (Teams task module,
 * Slack modal), never posted where a chat keeps it; `form` asks the transport to open the form `formId` with the
 * opaque references in `context`; `file` is sent to the asker's own chat.
 */
export type Reply =
  | { kind: 'message'; view: MessageView }
  | { kind: 'details'; view: MessageView }
  | { kind: 'form'; formId: string; context: Record<string, string> }
  | { kind: 'file'; file: ChatFile }
  /** A refusal or fault, in one Swedish line (a dialog shows it as its closing message, a chat as a warning). */
  | { kind: 'refused'; text: string }
  | { kind: 'none' };

export const message = (view: MessageView): Reply => ({ kind: 'message', view });

/**
 * What a person asked for in free text, in either channel. Deliberately small and predictable: anything that is not a
 * known command is treated as a question to the responsibility matrix.
 */
export type Intent =
  | { kind: 'help' }
  | { kind: 'avvikelse' }
  | { kind: 'synpunkt' }
  | { kind: 'myCases' }
  | { kind: 'myTasks' }
  | { kind: 'statistics'; year?: number; unit?: string }
  | { kind: 'ask'; question: string }
  /** "vem ansvarar" with nothing after it: offer the question dialog. */
  | { kind: 'askPrompt' }
  /** A case number typed on its own ("AVV-2026-0001", "avv20260001", "ärende syn 2026 0003"). */
  | { kind: 'openCase'; number: string }
  | { kind: 'empty' };

/** Intents a subject answers (the others are the conversation's own: help, launchers). */
export type SubjectIntent = Extract<Intent, { kind: 'myCases' | 'myTasks' | 'statistics' | 'ask' | 'openCase' }>;

/**
 * Where a button was pressed and so what its answer may be: in a dialog (details shown, forms opened), inline (a
 * card replaced in place by the client: forms, but never details) or the chat itself (messages only).
 */
export type ButtonPlace = 'dialog' | 'inline' | 'chat';

/** A button's handler. `data` is untrusted (it came from a card): parse it; re-authorise from stored data. */
export type ButtonHandler = (data: Record<string, unknown>, user: ChatUser, place: ButtonPlace) => Promise<Reply>;

/** What every form is opened and checked with: the clock, and the organisation's units to choose from. */
export interface FormBase {
  now: Date;
  units?: ReadonlyArray<{ value: string; label: string }>;
  /** The user's own unit, preselected. */
  defaultUnitId?: string;
}

export interface FormMeta {
  /** Idempotency key of this form instance: a resend carries the same token. */
  token: string;
  /** Opaque references carried from the opening button (re-checked, never trusted). */
  context: Record<string, string>;
}

export interface SubmitResult {
  /** Shown in the chat after the dialog closes (a receipt: no free text from the form). */
  view: MessageView;
  /** One line for the dialog's closing message. */
  summary: string;
}

/**
 * A dialog form's use case, channel-neutral and without its definition: the definition (fields, labels, parser)
 * lives in cards/forms and is paired with the flow by form id in services.ts. `V` is what the flow takes — the
 * parsed form values, or the subject's input made from them by the pairing.
 */
export interface FormFlow<V = unknown, C extends FormBase = FormBase> {
  /** Units, default unit, now — the same for rendering and parsing. Throws AppError when the form cannot open. */
  context(user: ChatUser, meta: { context: Record<string, string> }): Promise<C>;
  /** Saves and returns what to show. Throws AppError on refusal or storage faults (the form then stays open). */
  submit(values: V, meta: FormMeta, user: ChatUser): Promise<SubmitResult>;
  /** Opaque references to carry from the opening button into the form (e.g. which reminder). Undefined = refuse. */
  contextFromAction?(data: Record<string, unknown>): Record<string, string> | undefined;
  /** A check before saving that may send the form back with a notice (e.g. "this sounds like lex Sarah"). */
  review?(values: V, meta: FormMeta, user: ChatUser): Promise<{ notice: string; context: Record<string, string> } | undefined>;
}

/**
 * What a subject offers the chat. The transports know none of it: they route every action id, intent, form id,
 * admin text and file to the subject that declared it, through the conversation (bot/conversation).
 */
export interface SubjectHandlers {
  /** Buttons by action id. */
  buttons?: Record<string, ButtonHandler>;
  /** Intents (typed text, slash commands) this subject answers. */
  intents?: { [K in SubjectIntent['kind']]?: (intent: Extract<SubjectIntent, { kind: K }>, user: ChatUser) => Promise<MessageView> };
  /** Dialog forms by form id, with the action ids that open them. */
  forms?: Record<string, { flow: FormFlow<any, any>; openedBy: readonly string[] }>;
  /**
   * Forms made per request (a case's status change): the flow for `formId` and the references it was opened with,
   * or undefined when this subject has no such form.
   */
  formFor?(formId: string, context: Record<string, string>): FormFlow<any, any> | undefined;
  /** Admin commands ("admin …"): a view, or undefined when the text is not an admin command. Never throws. */
  admin?: (text: string, user: ChatUser) => Promise<MessageView | undefined>;
  /** Files sent to the bot in a direct message (an admin's import). */
  files?: (files: Array<{ name: string; data: Uint8Array }>, user: ChatUser) => Promise<MessageView>;
}

/**
 * Who a chat user is in the organisation: implemented over the directory and the stored chat identities
 * (storage/people.ts). Every handler asks it; nothing is taken from card data.
 */
export interface ChatPeople {
  /** The acting person: from the organisation data when known, else a person known only by their chat id. */
  actorFor(user: ChatUser): Promise<Actor>;
  /** The organisation person behind a chat user, if any. */
  orgPerson(user: ChatUser): Promise<OrgPerson | undefined>;
  /** The unit to preselect in forms. */
  defaultUnitOf(user: ChatUser): Promise<string | undefined>;
  directory(): Promise<OrgDirectory>;
  /** ADMIN_EMAILS, and holders of the admin roles in the stored organisation. */
  isAdmin(personId: string, email?: string): Promise<boolean>;
}
