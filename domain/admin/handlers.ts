import {
  adminErrorView,
  adminHelpView,
  adminRefusedView,
  adminUnknownView,
  deadLettersView,
  dryRunView,
  importDoneView,
  importRejectedView,
  requeuedView,
  rollbackView,
  settingChangedView,
  settingsView,
  versionsView,
} from './messaging.js';
import type { MessageView } from '../view.js';
import { AdminErrors } from './errors.js';
import type { AdminActor, AdminService } from './service.js';
import { AnsvarImportError } from '../ansvarsmatris/import-error.js';
import { userText } from '../error-text.js';
import { AppError } from '../errors.js';
import type { ChatPeople, ChatUser, SubjectHandlers } from '../chat.js';

export interface AdminFeatureDeps {
  admin: AdminService;
  people: Pick<ChatPeople, 'actorFor'>;
  /** Counted, never logged with content. */
  onError?: (error: unknown) => void;
  maxFiles?: number;
  maxFileBytes?: number;
}

export interface AdminFeature {
  /** Answers a text starting with the word "admin"; undefined for any other text (the conversation goes on). */
  handle(text: string, user: ChatUser): Promise<MessageView | undefined>;
  /** Files an admin sent in chat: an all-or-nothing ansvarsmatris import. */
  importFiles(files: Array<{ name: string; data: Uint8Array }>, user: ChatUser): Promise<MessageView>;
}

type Command =
  | { kind: 'help' }
  | { kind: 'versions' }
  | { kind: 'rollback' }
  | { kind: 'dryRun'; from?: string; to?: string }
  | { kind: 'deadLetters' }
  | { kind: 'requeue'; ref: string }
  | { kind: 'settings' }
  | { kind: 'set'; key: string; value: string }
  | { kind: 'unknown'; text: string };

const stripMentions = (raw: string) => raw.replace(/<at>[^<]*<\/at>/g, ' ').replace(/<@[A-Z0-9]+>/g, ' ').replace(/\s+/g, ' ').trim();
/** For matching command words: lower case, å/ä/ö kept and also accepted as a/a/o. */
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses what follows "admin". `rest` keeps the original case (setting values, role names). */
export function parseAdminCommand(rest: string): Command {
  const words = rest.split(' ').filter(Boolean);
  const f = words.map(fold);
  const phrase = f.join(' ').replace(/[!.?]+$/, '');
  if (!phrase || phrase === 'hjalp' || phrase === 'help' || phrase === '?') return { kind: 'help' };
  if (/^versioner?( av ansvarsmatrisen?)?$/.test(phrase)) return { kind: 'versions' };
  if (/^(aterstall|rollback)( ansvarsmatris(en)?)?$/.test(phrase)) return { kind: 'rollback' };
  if (f[0] === 'paminnelser' || f[0] === 'torrkorning') {
    const dates = words.slice(1).filter((w) => DATE.test(w));
    if (words.length - 1 !== dates.length || dates.length > 2) return { kind: 'dryRun' };
    const [from, to = from] = dates;
    return from && to ? { kind: 'dryRun', from, to } : { kind: 'dryRun' };
  }
  if (/^(doda|olevererade) meddelanden$/.test(phrase) || phrase === 'dead letters') return { kind: 'deadLetters' };
  if (f[0] === 'skicka' && f[1] === 'om' && words[2]) return { kind: 'requeue', ref: words[2] };
  if (f[0] === 'installningar' && words.length === 1) return { kind: 'settings' };
  if ((f[0] === 'installning' || f[0] === 'installningar') && words.length >= 3) return { kind: 'set', key: words[1]!, value: words.slice(2).join(' ') };
  return { kind: 'unknown', text: rest };
}

/**
 * Admin commands in chat, channel-neutral. Authorisation is on the server (AdminService), for every command,
 * and a refused attempt is audited; the refusal says so in Swedish.
 */
export function createAdminFeature(deps: AdminFeatureDeps): AdminFeature {
  const maxFiles = deps.maxFiles ?? 10;
  const maxBytes = deps.maxFileBytes ?? 5 * 1024 * 1024;

  const actorOf = async (user: ChatUser): Promise<AdminActor> => {
    const a = await deps.people.actorFor(user);
    return { id: a.id, ...(a.email ? { email: a.email } : {}) };
  };

  const failure = (error: unknown): MessageView => {
    if (error instanceof AppError && error.code === AdminErrors.forbidden) return adminRefusedView(userText(error));
    if (error instanceof AnsvarImportError) return importRejectedView(userText(error), error.issues);
    deps.onError?.(error);
    return adminErrorView(userText(error));
  };

  async function run(command: Command, actor: AdminActor): Promise<MessageView> {
    const a = deps.admin;
    switch (command.kind) {
      case 'help':
        await a.authorize(actor, 'help');
        return adminHelpView();
      case 'unknown':
        await a.authorize(actor, 'unknown');
        return adminUnknownView(command.text);
      case 'versions':
        return versionsView(await a.versions(actor));
      case 'rollback':
        return rollbackView(await a.rollback(actor));
      case 'dryRun': {
        if (!command.from || !command.to) {
          await a.authorize(actor, 'dry-run');
          throw new AppError(AdminErrors.badDates);
        }
        return dryRunView(command.from, command.to, await a.reminderDryRun(actor, command.from, command.to));
      }
      case 'deadLetters':
        return deadLettersView(await a.deadLetters(actor));
      case 'requeue':
        return requeuedView(await a.requeue(actor, command.ref));
      case 'settings': {
        const { stored, rows } = await a.settings(actor);
        return settingsView(stored, rows);
      }
      case 'set':
        return settingChangedView(await a.setSetting(actor, command.key, command.value));
    }
  }

  return {
    async handle(text, user) {
      const clean = stripMentions(text ?? '');
      const m = /^admin(?:\s+(.*))?$/is.exec(clean);
      if (!m) return undefined;
      try {
        return await run(parseAdminCommand(m[1] ?? ''), await actorOf(user));
      } catch (error) {
        return failure(error);
      }
    },
    async importFiles(files, user) {
      try {
        const actor = await actorOf(user);
        await deps.admin.authorize(actor, 'import');
        if (files.length > maxFiles) throw new AppError(AdminErrors.tooManyFiles, { max: maxFiles });
        const big = files.find((f) => f.data.byteLength > maxBytes);
        if (big) throw new AppError(AdminErrors.fileTooLarge, { name: big.name.slice(0, 80), maxMb: Math.round(maxBytes / 1024 / 1024) });
        return importDoneView(await deps.admin.importFiles(actor, files, { via: 'chat' }));
      } catch (error) {
        return failure(error);
      }
    },
  };
}

/** Admin commands and file imports in chat, as the conversation routes them. */
export function adminHandlers(deps: AdminFeatureDeps): SubjectHandlers {
  const feature = createAdminFeature(deps);
  return { admin: (text, user) => feature.handle(text, user), files: (files, user) => feature.importFiles(files, user) };
}
