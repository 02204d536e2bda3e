// Moved to ./cases.ts. Kept only for the callers of other owners (app.ts, cli/, scheduler/, scripts/, the statistics
// and retention stores) until they import ./cases.ts; then it goes.
export { CASE_AUDIT, CASES, ensureCaseIndexes, guard, isDuplicateKey, MongoAuditStore, MongoCaseStore } from './cases.js';
