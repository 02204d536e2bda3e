/** Moved to schema.ts; kept for the importers in wiring/ until they import schema.ts (delete at merge). */
export type { RecipientSpec } from './schema.js';
