import type { Db } from 'mongodb';
import type { Clock } from '../domain/clock.js';
import { ReminderRepository } from './reminders.js';

/**
 * Age in seconds of the oldest nudge that is due but not yet handled (0 when none): the reminder-lag metric. The
 * same as `ReminderSystem.lagSeconds()`; kept for services.ts until it asks the reminder system (then delete).
 */
export async function reminderLagSeconds(db: Db, clock: Clock): Promise<number> {
  const now = clock.now();
  const oldest = await new ReminderRepository(db).oldestDueNudge(now);
  return oldest ? (now.getTime() - oldest.getTime()) / 1000 : 0;
}
