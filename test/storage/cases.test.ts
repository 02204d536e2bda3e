import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoCaseStore, ensureCaseIndexes, MongoAuditStore } from '../../storage/cases.js';
import { AvvikelseService } from '../../domain/avvikelser/flows.js';
import { openTestDb } from '../support/mongo.js';
import { caseDeps, people } from '../domain/cases/support.js';

let env: Awaited<ReturnType<typeof openTestDb>>;
beforeAll(async () => {
  env = await openTestDb('casestore');
  await ensureCaseIndexes(env.db);
});
afterAll(async () => env.close());

describe('case numbering', () => {
  it('hands out distinct sequence numbers to 50 parallel callers on two store instances (two "servers")', async () => {
    const a = new MongoCaseStore(env.db);
    const b = new MongoCaseStore(env.db);
    const seqs = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).nextSequence('TST', 2026)));
    expect(new Set(seqs).size).toBe(50);
    expect(Math.min(...seqs)).toBe(1);
    expect(Math.max(...seqs)).toBe(50);
    expect(await a.nextSequence('TST', 2027)).toBe(1);
  });

  it('50 parallel reports get 50 unique case numbers, numbered from 0001 per year', async () => {
    const deps = await caseDeps(env.db, new Date('2026-06-01T08:00:00Z'));
    const service = new AvvikelseService(deps);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        service.submit(people.mona, {
          token: `parallel-${i}-token`,
          type: 'avvikelse',
          unitId: 'boende-a',
          occurredAt: new Date('2026-06-01T07:00:00Z'),
          description: 'Fall i korridoren',
          konsekvens: 2,
          sannolikhet: 2,
          informed: 'ja',
        }),
      ),
    );
    const numbers = results.map((r) => r.case.number);
    expect(new Set(numbers).size).toBe(50);
    expect(numbers.sort()[0]).toBe('AVV-2026-0001');
    expect(numbers.sort()[49]).toBe('AVV-2026-0050');
    const indexes = await env.db.collection('cases').indexes();
    expect(indexes.find((i) => i.name === 'number_unique')?.unique).toBe(true);
  });

  it('the audit trail ignores a repeated entry id and keeps the first', async () => {
    const audit = new MongoAuditStore(env.db);
    const entry = { _id: 'c1:1', caseId: 'c1', caseNumber: 'AVV-2026-0001', at: new Date(), actorId: 'a', actorName: 'A', action: 'created' };
    await audit.append(entry);
    await audit.append({ ...entry, action: 'tampered' });
    expect((await audit.listForCase('c1')).map((e) => e.action)).toEqual(['created']);
  });

  it('update applies only at the expected version', async () => {
    const store = new MongoCaseStore(env.db);
    const doc = (await env.db.collection('cases').findOne({}))!;
    const first = await store.update(String(doc._id), doc.version as number, { status: 'mottagen' }, []);
    expect(first?.version).toBe((doc.version as number) + 1);
    expect(await store.update(String(doc._id), doc.version as number, { status: 'avslutad' }, [])).toBeNull();
    expect((await store.get(String(doc._id)))?.status).toBe('mottagen');
  });
});
