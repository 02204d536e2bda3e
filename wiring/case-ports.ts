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
  order: 'Ge utredningsuppdraget',
  decision: 'Besluta om lex-ärendet',
  ivo_report: 'Anmäl till IVO snarast',
  inform_patient: 'Informera patienten',
  follow_up: 'Följ upp åtgärderna',
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

/** Case deadlines become one-off reminders to the named people. */
export function caseDeadlines(reminders: () => ReminderService): DeadlineSink {
  return {
    async upsertCaseDeadline(deadline) {
      await reminders().upsertCaseDeadline({
        caseId: deadline.caseId,
        kind: deadline.kind,
        title: `${deadlineTitles[deadline.kind]}: ${deadline.caseNumber}`,
        dueAt: deadline.dueAt,
        recipients: deadline.recipients.map((personId) => ({ kind: 'person' as const, personId })),
      });
    },
    async cancelCaseDeadline(caseId, kind) {
      await reminders().cancelCaseDeadline(caseId, kind);
    },
  };
}
