import { ActionIds } from '../../domain/action-ids.js';
import type { MessageView } from '../../domain/view.js';
import { welcomeView } from '../../cards/welcome.js';
import { AppError } from '../../domain/errors.js';
import { userText } from '../../domain/error-text.js';
import { containsIdentityNumber } from '../../domain/privacy/personnummer.js';
import { parseIntent } from './intents.js';
import { message, type ButtonHandler, type ButtonPlace, type ChatUser, type Intent, type Reply, type SubjectHandlers, type SubjectIntent } from '../../domain/chat.js';
import { FormRegistry, type FormPairing } from './forms.js';
import type { Clock } from '../../domain/clock.js';
import type { Logger } from '../../ops/logger.js';
import type { ChatIdentityRepository } from '../../storage/chat-identities.js';

/**
 * Channel-neutral handling of what people write and click. Teams and Slack map their payloads to these calls and
 * render the returned `Reply`; the subjects plug in through `SubjectHandlers` (domain/chat.ts), wired in services.ts.
 */
export interface Conversation {
  onText(text: string | undefined, user: ChatUser): Promise<Reply>;
  onIntent(intent: Intent, user: ChatUser): Promise<Reply>;
  /** A button: a form to open, a message, details for a dialog, a file. Undefined when no subject knows the id. */
  onButton(actionId: string, data: Record<string, unknown>, user: ChatUser, place: ButtonPlace): Promise<Reply | undefined>;
  onFiles(files: Array<{ name: string; data: Uint8Array }>, user: ChatUser): Promise<Reply>;
  /** Every button id the conversation answers (form openers included). */
  buttonIds(): string[];
  forms: FormRegistry;
}

/** What both transports are given: the conversation, and how to resolve and record a chat user. */
export interface TransportDeps {
  conversation: Conversation;
  logger: Logger;
  identities: ChatIdentityRepository;
  clock: Clock;
}

const intentButtons: Record<string, Intent> = {
  [ActionIds.helpShow]: { kind: 'help' },
  [ActionIds.myCases]: { kind: 'myCases' },
  [ActionIds.myTasks]: { kind: 'myTasks' },
  [ActionIds.avvikelseOpen]: { kind: 'avvikelse' },
  [ActionIds.synpunktOpen]: { kind: 'synpunkt' },
};

const formLauncher = (title: string, text: string, id: string, label: string): MessageView => ({
  title,
  text: [text],
  actions: [{ kind: 'submit', id, label, style: 'primary', opensDialog: true }],
});

export const notAvailableView = (what: string): MessageView => ({
  title: `${what} är inte i drift ännu`,
  text: ['Den här delen av kvalitetsboten är inte aktiverad i er installation. Kontakta den som administrerar boten.'],
  tone: 'warning',
});

/** What a person is told when a message, command or question holds an identity number: nothing was processed. */
export const identityNumberInChatView: MessageView = {
  title: 'Skriv inte personnummer i chatten',
  text: ['Meddelandet innehåller något som ser ut som ett personnummer eller samordningsnummer, så jag har inte behandlat det. Ta bort det ur chatten om du kan. Uppgifter om enskilda hör hemma i formulären, utan personnummer: skriv "brukaren" eller "patienten".'],
  tone: 'warning',
};

export function createConversation(subjects: readonly SubjectHandlers[], pairing: FormPairing, onError: (error: unknown) => void = () => undefined): Conversation {
  const forms = new FormRegistry(subjects, pairing);
  const buttons = new Map<string, ButtonHandler>();
  for (const s of subjects) for (const [id, handler] of Object.entries(s.buttons ?? {})) buttons.set(id, handler);
  const intentOf = <K extends SubjectIntent['kind']>(kind: K) => subjects.map((s) => s.intents?.[kind]).find((h) => h !== undefined);
  const answer = async <K extends SubjectIntent['kind']>(intent: Extract<SubjectIntent, { kind: K }>, user: ChatUser, what: string): Promise<Reply> => {
    const handler = intentOf(intent.kind as K) as ((i: typeof intent, u: ChatUser) => Promise<MessageView>) | undefined;
    return message(handler ? await handler(intent, user) : notAvailableView(what));
  };
  const admin = subjects.find((s) => s.admin)?.admin;
  const files = subjects.find((s) => s.files)?.files;
  const refused = (error: unknown): Reply => {
    onError(error);
    return { kind: 'refused', text: userText(error) };
  };

  async function onIntent(intent: Intent, user: ChatUser): Promise<Reply> {
    // Lists of one's own cases and tasks, and statistics, are never posted where colleagues can read them.
    if (user.where === 'shared' && (intent.kind === 'myCases' || intent.kind === 'myTasks' || intent.kind === 'statistics' || intent.kind === 'openCase')) {
      return message({ title: 'Det här visar jag bara i din personliga chatt med mig', text: ['Skriv samma sak till mig i en personlig chatt (eller ett direktmeddelande).'] });
    }
    switch (intent.kind) {
      case 'empty':
      case 'help':
        return message(welcomeView({ displayName: user.displayName }));
      case 'avvikelse':
        return message(
          formLauncher('Rapportera en avvikelse', 'Formuläret tar ungefär en minut. Skriv inga namn eller personnummer på brukare.', ActionIds.avvikelseOpen, 'Öppna formuläret'),
        );
      case 'synpunkt':
        return message(
          formLauncher('Registrera en synpunkt eller ett klagomål', 'Kontaktuppgifter sparas i ärendet men visas aldrig i chatten.', ActionIds.synpunktOpen, 'Öppna formuläret'),
        );
      case 'askPrompt':
        return message(
          formLauncher('Vem ansvarar för …?', 'Skriv din fråga med egna ord, till exempel "vem ansvarar för lex Maria?" eller "vem är enhetschef på Solgården?".', ActionIds.ansvarAsk, 'Ställ en fråga'),
        );
      case 'myCases':
        return answer(intent, user, 'Mina ärenden');
      case 'myTasks':
        return answer(intent, user, 'Mina uppgifter');
      case 'openCase':
        return answer(intent, user, 'Ärenden');
      case 'statistics':
        return answer(intent, user, 'Sammanställningen');
      case 'ask':
        return answer(intent, user, 'Ansvarsmatrisen');
    }
  }
  // A subject that fails answers with a Swedish message instead of silence; the error is counted, not its content.
  async function safeIntent(intent: Intent, user: ChatUser): Promise<Reply> {
    // Intents also come from slash commands and buttons, not only through onText: check their text here too.
    const carried = intent.kind === 'ask' ? intent.question : intent.kind === 'statistics' ? intent.unit : undefined;
    if (carried && containsIdentityNumber(carried)) return message(identityNumberInChatView);
    try {
      return await onIntent(intent, user);
    } catch (error) {
      onError(error);
      return message({ title: userText(error), tone: 'warning' });
    }
  }
  return {
    forms,
    onIntent: safeIntent,
    async onText(text, user) {
      // A chat is not a case file: a personal identity number in a message is not processed, and the user is told.
      if (text && containsIdentityNumber(text)) return message(identityNumberInChatView);
      if (admin && text) {
        try {
          const view = await admin(text, user);
          if (view) return message(view);
        } catch (error) {
          onError(error);
          return message({ title: userText(error), tone: 'warning' });
        }
      }
      return safeIntent(parseIntent(text), user);
    },
    async onFiles(received, user) {
      if (!files) return message({ title: 'Filer tas inte emot här', text: ['Skicka inga filer med uppgifter om enskilda till boten.'], tone: 'warning' });
      try {
        return message(await files(received, user));
      } catch (error) {
        onError(error);
        return message({ title: userText(error), tone: 'warning' });
      }
    },
    async onButton(actionId, data, user, place) {
      // In a dialog or inline, a button that opens a form opens it; in the chat it answers like the typed command.
      const formId = place === 'chat' ? undefined : forms.openedBy(actionId);
      if (formId) {
        const form = forms.resolve(formId);
        const carried = form?.flow.contextFromAction ? form.flow.contextFromAction(data) : {};
        if (!carried) return refused(new AppError('common.invalid_payload'));
        return { kind: 'form', formId, context: carried };
      }
      const handler = buttons.get(actionId);
      if (handler) {
        try {
          return await handler(data, user, place);
        } catch (error) {
          return refused(error);
        }
      }
      const intent = intentButtons[actionId];
      if (intent) return safeIntent(intent, user);
      return undefined;
    },
    buttonIds: () => [...new Set([...forms.openerIds(), ...buttons.keys(), ...Object.keys(intentButtons)])],
  };
}
