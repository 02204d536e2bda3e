// Moved to ./cases.ts. Kept only for the callers of other owners (services.ts, cli/commands/export-case.ts,
// cli/commands/retention.ts, scheduler/retention-job.ts, scripts/bench-cases.ts) until they import ./cases.ts.
export { ensureCaseIndexes, isDuplicateKey, MongoAuditStore, MongoCaseStore } from './cases.js';
