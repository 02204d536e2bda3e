import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db } from 'mongodb';
import type { Clock } from '../domain/clock.js';
import { createAnsvarCore, type AnsvarService } from '../domain/ansvarsmatris/service.js';
import { starterDataFiles } from '../starter-data/index.js';
import { MongoAnsvarRepository } from './ansvarsmatris-repository.js';

export type { AnsvarService } from '../domain/ansvarsmatris/service.js';

/**
 * The ansvarsmatris service on MongoDB: versioned imports, rollback, export, questions and the Directory others
 * route with. One per process; cheap to call, the search index lives in memory and follows the active version.
 */
export function createAnsvarService(options: { db: Db; clock: Clock; refreshMs?: number; keepVersions?: number }): AnsvarService {
  return createAnsvarCore({
    repo: new MongoAnsvarRepository(options.db, options.clock),
    clock: options.clock,
    readFile: async (path) => ({ name: basename(path), data: await readFile(path) }),
    starterFiles: starterDataFiles,
    ...(options.refreshMs !== undefined ? { refreshMs: options.refreshMs } : {}),
    ...(options.keepVersions !== undefined ? { keepVersions: options.keepVersions } : {}),
  });
}
