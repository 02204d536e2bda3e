import { notifyAdmins } from '../domain/paminnelser/notify.js';
import type { Outbox } from '../domain/paminnelser/ports.js';
import type { ReminderService } from '../domain/paminnelser/service.js';
import type { DeadlineSink, Notifier } from '../domain/cases/ports.js';
import type { DeadlineKind } from '../domain/cases/types.js';
import type { Logger } from '../ops/logger.js';
import type { People } from './people.js';

const deadlineTitles: Record<DeadlineKind, string> = {
  acknowledge: 'Kvittera ärendet',
  escalate: 'Ärendet är inte kvitterat',
  investigation: 'Utredningen ska vara klar',
  answer: 'Svaret ska ha skickats',
};

/**
 * Case notifications go through the outbox to each person's chat. A person the bot cannot reach is never skipped
 * silently: the admins are told (case number only) and the log says so.
 */
export function caseNotifier(people: People, outbox: Outbox, logger: Logger): Notifier {
  return {
    async enqueue(request) {
      const address = await people.addressOf(request.recipientPersonId);
      if (!address) {
        logger.warn({ kind: request.kind }, 'case notification recipient has no chat address; admins told');
        const told = await notifyAdmins(
          people.reminderDirectory(),
          outbox,
          `unreachable|${request.dedupeKey}`,
          'En mottagare kunde inte nås',
          `Kvalitetsboten har ingen chattadress till en mottagare av "${request.message.title}". Be personen öppna boten i Teams eller Slack en gång, eller kontrollera e-postadressen i organisationsdata.`,
        );
        if (told === 0) logger.error({ kind: request.kind }, 'nobody could be told about an unreachable recipient: configure ADMIN_EMAILS and open the bot once as admin');
        return;
      }
      await outbox.enqueue({
        dedupeKey: request.dedupeKey,
        recipient: address,
        message: { view: request.message, fallbackText: request.message.title, meta: { kind: request.kind } },
      });
    },
  };
}

/** What the deadlines need to know of a case: its unit (on-call routing) and whether it is lex (hours, any hour). */
interface DeadlineCaseInfo {
  unitId: string;
  createdAt: Date;
  urgent: boolean;
}

/**
 * Case deadlines become reminders at the deadline's instant, nudged in hours: the first nudge when the time is
 * running out (never right after the case arrived), one when it has passed. Lex Sarah / lex Maria deadlines are
 * urgent: sent at any hour (also to the on-call role of a unit that runs around the clock) and never snoozed past
 * the deadline. The `escalate` deadline is carried out by the scheduler: the case is escalated to the next level.
 */
export function caseDeadlines(reminders: () => ReminderService, caseInfo?: (caseId: string) => Promise<DeadlineCaseInfo | undefined>): DeadlineSink {
  return {
    async upsertCaseDeadline(deadline) {
      const info = await caseInfo?.(deadline.caseId);
      const startsAtCreation = deadline.kind === 'acknowledge' || deadline.kind === 'escalate';
      await reminders().upsertCaseDeadline({
        caseId: deadline.caseId,
        kind: deadline.kind,
        title: `${deadlineTitles[deadline.kind]}: ${deadline.caseNumber}`,
        dueAt: deadline.dueAt,
        recipients: deadline.recipients.map((personId) => ({ kind: 'person' as const, personId })),
        ...(info ? { unit: info.unitId, urgent: info.urgent && startsAtCreation } : {}),
        ...(info && startsAtCreation ? { from: info.createdAt } : {}),
        ...(deadline.kind === 'escalate' ? { action: 'case.escalate' as const } : {}),
      });
    },
    async cancelCaseDeadline(caseId, kind) {
      await reminders().cancelCaseDeadline(caseId, kind);
    },
  };
}
