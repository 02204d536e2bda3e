// Moved to ./schema.ts. Kept only for callers of other owners (cards/case-details.ts) until they import schema.ts.
export type { SynpunktDetails, SynpunktDoc } from './schema.js';
