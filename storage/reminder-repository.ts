/** Moved to storage/reminders.ts; kept for the importer in bot/ until it asks `ReminderTick.lagSeconds()` (delete at merge). */
export { NUDGES } from './reminders.js';
