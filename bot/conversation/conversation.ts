import { ActionIds } from '../../domain/action-ids.js';
import type { MessageView } from '../../domain/view.js';
import { welcomeView } from '../../cards/welcome.js';
import { userText } from '../../domain/error-text.js';
import { containsIdentityNumber } from '../../domain/privacy/personnummer.js';
import { parseIntent, type Intent } from './intents.js';
import { message, type ChatUser, type Reply } from '../../domain/chat.js';

/**
 * Channel-neutral handling of what people write and click. Teams and Slack handlers map their payloads to these
 * calls and render the returned `MessageView`. Features plug in through `ConversationFeatures`.
 */
export interface ConversationFeatures {
  ask?: (question: string, user: ChatUser) => Promise<MessageView>;
  myCases?: (user: ChatUser) => Promise<MessageView>;
  /** A case typed by its number: its summary and what this user may do with it. */
  openCase?: (number: string, user: ChatUser) => Promise<MessageView>;
  myTasks?: (user: ChatUser) => Promise<MessageView>;
  statistics?: (user: ChatUser, year: number | undefined, unit: string | undefined) => Promise<MessageView>;
  /** Admin commands ("admin …"): a view, or undefined when the text is not an admin command. Never throws. */
  admin?: (text: string, user: ChatUser) => Promise<MessageView | undefined>;
  /** Files sent to the bot in a direct message: an admin's import of organisation and matrix tables. */
  files?: (files: Array<{ name: string; data: Uint8Array }>, user: ChatUser) => Promise<MessageView>;
  /** Buttons that answer with a message (no dialog), by action id. `data` is untrusted: parse it. */
  buttons?: Record<string, (data: Record<string, unknown>, user: ChatUser) => Promise<MessageView>>;
}

export interface Conversation {
  onText(text: string | undefined, user: ChatUser): Promise<Reply>;
  onIntent(intent: Intent, user: ChatUser): Promise<Reply>;
  /** A button in a posted card. Undefined when the id is not a conversation button. */
  onButton(actionId: string, data: Record<string, unknown>, user: ChatUser): Promise<Reply | undefined>;
  onFiles(files: Array<{ name: string; data: Uint8Array }>, user: ChatUser): Promise<Reply>;
  buttonIds(): string[];
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

export function createConversation(features: ConversationFeatures, onError: (error: unknown) => void = () => undefined): Conversation {
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
        return message(features.myCases ? await features.myCases(user) : notAvailableView('Mina ärenden'));
      case 'myTasks':
        return message(features.myTasks ? await features.myTasks(user) : notAvailableView('Mina uppgifter'));
      case 'openCase':
        return message(features.openCase ? await features.openCase(intent.number, user) : notAvailableView('Ärenden'));
      case 'statistics':
        return message(
          features.statistics ? await features.statistics(user, intent.year, intent.unit) : notAvailableView('Sammanställningen'),
        );
      case 'ask':
        return message(features.ask ? await features.ask(intent.question, user) : notAvailableView('Ansvarsmatrisen'));
    }
  }
  // A feature that fails answers with a Swedish message instead of silence; the error is counted, not its content.
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
    onIntent: safeIntent,
    async onText(text, user) {
      // A chat is not a case file: a personal identity number in a message is not processed, and the user is told.
      if (text && containsIdentityNumber(text)) return message(identityNumberInChatView);
      if (features.admin && text) {
        try {
          const view = await features.admin(text, user);
          if (view) return message(view);
        } catch (error) {
          onError(error);
          return message({ title: userText(error), tone: 'warning' });
        }
      }
      return safeIntent(parseIntent(text), user);
    },
    async onFiles(files, user) {
      if (!features.files) return message({ title: 'Filer tas inte emot här', text: ['Skicka inga filer med uppgifter om enskilda till boten.'], tone: 'warning' });
      try {
        return message(await features.files(files, user));
      } catch (error) {
        onError(error);
        return message({ title: userText(error), tone: 'warning' });
      }
    },
    async onButton(actionId, data, user) {
      const intent = intentButtons[actionId];
      if (intent) return safeIntent(intent, user);
      const handler = features.buttons?.[actionId];
      if (!handler) return undefined;
      try {
        return message(await handler(data, user));
      } catch (error) {
        onError(error);
        return message({ title: userText(error), tone: 'warning' });
      }
    },
    buttonIds: () => [...Object.keys(intentButtons), ...Object.keys(features.buttons ?? {})],
  };
}
