/** Moved to domain/outbox.ts (shared by every subject); kept for the importer in wiring/ (delete at merge). */
export { notifyAdmins } from '../outbox.js';
