import type { Db } from 'mongodb';
import type { Clock } from '../domain/clock.js';
import { NUDGES } from './reminder-repository.js';

/** Age in seconds of the oldest nudge that is due but not yet handled (0 when none): the reminder-lag metric. */
export async function reminderLagSeconds(db: Db, clock: Clock): Promise<number> {
  const now = clock.now();
  const oldest = await db
    .collection<{ fireAt: Date }>(NUDGES)
    .find({ status: 'pending', fireAt: { $lte: now } }, { projection: { fireAt: 1 } })
    .sort({ fireAt: 1 })
    .limit(1)
    .next();
  return oldest ? (now.getTime() - oldest.fireAt.getTime()) / 1000 : 0;
}
