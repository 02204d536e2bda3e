import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from 'mongodb';
import { systemClock } from '../../../domain/clock.js';
import { createAnsvarCore, type AnsvarRepository } from '../../../domain/ansvarsmatris/service.js';
import { MongoAnsvarRepository } from '../../../storage/ansvarsmatris-repository.js';
import { starterDataFiles } from '../../../starter-data/index.js';
import { openTestDb } from '../../support/mongo.js';

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await openTestDb('ansvar_warm'));
});
afterAll(async () => close());

/** The real repository, counting how often the active-version pointer and a version's data are read. */
function counted(repo: AnsvarRepository) {
  const calls = { activePointer: 0, loadVersion: 0 };
  const wrapped: AnsvarRepository = Object.create(repo);
  wrapped.activePointer = () => (calls.activePointer++, repo.activePointer());
  wrapped.loadVersion = (v) => (calls.loadVersion++, repo.loadVersion(v));
  return { repo: wrapped, calls };
}

describe('the search index is built at start-up and followed in the background', () => {
  it('after warm(), questions are answered from memory: no database read per question', async () => {
    const { repo, calls } = counted(new MongoAnsvarRepository(db));
    const service = createAnsvarCore({ repo, clock: systemClock, starterFiles: starterDataFiles, refreshMs: 60_000 });
    await service.ensureIndexes();
    await service.ensureStarterData();
    await service.warm();
    const before = { ...calls };
    for (const q of ['vem ansvarar för lex Maria?', 'vem är kvalitetsutvecklare', 'vem skriver kvalitetsberättelsen']) {
      await service.ask(q, { askerEmail: 'vera.verksam@exempel.se' });
    }
    expect(await service.activeVersion()).toBe(1);
    expect(calls).toEqual(before);
    service.stop();
  });

  it('another instance’s import is loaded and indexed by the background refresh, before anyone asks', async () => {
    const a = createAnsvarCore({ repo: new MongoAnsvarRepository(db), clock: systemClock, refreshMs: 60_000 });
    const { repo, calls } = counted(new MongoAnsvarRepository(db));
    const b = createAnsvarCore({ repo, clock: systemClock, refreshMs: 50 });
    await b.warm();
    expect((await b.directory()).version).toBe(1);
    const matrix = 'område;aktivitet;ansvarig\nTest;Räkna snöflingor på gården;Enhetschef\n';
    const { version } = await a.importFiles([{ name: 'ansvarsmatris.csv', data: matrix }]);
    const deadline = Date.now() + 10_000;
    // Nobody asks meanwhile: activeVersion() reads only what is in memory once loaded.
    while ((await b.activeVersion()) !== version && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Loaded in the background: the question finds the new version in memory.
    const readsBefore = calls.loadVersion;
    expect(await b.activeVersion()).toBe(version);
    expect(readsBefore).toBe(2);
    const answer = await b.ask('snöflingor');
    expect(answer.kind === 'activity' && answer.best.aktivitet).toBe('Räkna snöflingor på gården');
    expect(calls.loadVersion).toBe(readsBefore);
    a.stop();
    b.stop();
  });
});
