// Moved to ./cases.ts. Kept only for the callers of other owners (app.ts, cli/commands/, scheduler/retention-job.ts,
// scripts/bench-cases.ts) until they import ./cases.ts; then it goes.
export { ensureCaseIndexes, isDuplicateKey, MongoAuditStore, MongoCaseStore } from './cases.js';
