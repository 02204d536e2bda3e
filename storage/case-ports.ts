import type { ChatAddress } from '../domain/outbox.js';
import type { MongoOutbox } from './outbox.js';
import type { ReminderService } from '../domain/paminnelser/flows.js';
import type { DeadlineSink } from '../domain/cases/ports.js';
import type { DeadlineKind, StoredCase } from '../domain/cases/types.js';
import type { Logger } from '../ops/logger.js';

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
 * When a person's chat address becomes known (they installed the app, wrote, or were found in a channel), the
 * messages waiting for them go out.
 */
export function releaseWaitingOnAddress(outbox: MongoOutbox, logger: Logger, poke: () => void) {
  return async (identity: { channel: 'teams' | 'slack'; channelUserId: string; email?: string; aadObjectId?: string }, address: ChatAddress): Promise<void> => {
    try {
      const waiting = await outbox.findWaiting({
        ...(identity.email ? { email: identity.email } : {}),
        ...(identity.aadObjectId ? { aadObjectId: identity.aadObjectId } : {}),
        ...(identity.channel === 'slack' ? { slackUserId: identity.channelUserId } : {}),
        personId: `chat:${identity.channel}:${identity.channelUserId}`,
      });
      const released = await outbox.releaseWaiting(waiting.map((w) => w._id), address);
      if (released) {
        logger.info({ released, channel: identity.channel }, 'chat address became known; waiting messages released');
        poke();
      }
    } catch (error) {
      logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'could not release waiting messages; the periodic sweep retries');
    }
  };
}

/** What the deadlines need to know of a case: its unit (on-call routing) and whether it is lex (hours, any hour). */
interface DeadlineCaseInfo {
  /** The case's unit as people read it (the card shows it; the on-call role is looked up by it). */
  unit: string;
  createdAt: Date;
  urgent: boolean;
}

/**
 * Case deadlines become reminders at the deadline's instant, nudged in hours: the first nudge when the time is
 * running out (never right after the case arrived), one when it has passed. Lex Sarah / lex Maria deadlines are
 * urgent: sent at any hour (also to the on-call role of a unit that runs around the clock) and never snoozed past
 * the deadline. The `escalate` deadline is carried out by the scheduler: the case is escalated to the next level.
 */
export function caseDeadlines(reminders: () => ReminderService, caseInfo?: (caseId: string, known?: StoredCase) => Promise<DeadlineCaseInfo | undefined>): DeadlineSink {
  return {
    async upsertCaseDeadline(deadline, of) {
      // The case as just written when the write carries its own effects out; read again only when replayed without it.
      const written = of?.case._id === deadline.caseId ? of : undefined;
      const info = await caseInfo?.(deadline.caseId, written?.case);
      const startsAtCreation = deadline.kind === 'acknowledge' || deadline.kind === 'escalate';
      await reminders().upsertCaseDeadline({
        caseId: deadline.caseId,
        kind: deadline.kind,
        title: `${deadlineTitles[deadline.kind]}: ${deadline.caseNumber}`,
        dueAt: deadline.dueAt,
        recipients: deadline.recipients.map((personId) => ({ kind: 'person' as const, personId })),
        ...(info ? { unit: info.unit, urgent: info.urgent && startsAtCreation } : {}),
        ...(info && startsAtCreation ? { from: info.createdAt } : {}),
        ...(deadline.kind === 'escalate' ? { action: 'case.escalate' as const } : {}),
      }, { newCase: written?.created === true });
    },
    async cancelCaseDeadline(caseId, kind) {
      await reminders().cancelCaseDeadline(caseId, kind);
    },
  };
}
