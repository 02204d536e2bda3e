/**
 * Moved: the reminder ports are in flows.ts, the outbox port in domain/outbox.ts, `Person` in schema.ts. Kept for
 * the importers in bot/ and wiring/ until they import those (delete at merge).
 */
export type { ChatAddress, Outbox } from '../outbox.js';
export type { Directory, DutySource } from './flows.js';
export type { Person } from './schema.js';
