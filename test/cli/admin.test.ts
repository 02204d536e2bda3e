import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from 'mongodb';
import { runCli } from '../../cli/main.js';
import { deadLetterRef } from '../../domain/admin/service.js';
import { systemClock } from '../../domain/clock.js';
import { AuditRepository } from '../../storage/audit.js';
import { MongoOutbox } from '../../storage/outbox.js';
import { openTestDb } from '../support/mongo.js';
import { claimOldest, outboxItem } from '../scheduler/support/outbox.js';

let env: Record<string, string>;
let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  const t = await openTestDb('cli_admin');
  close = t.close;
  db = t.db;
  env = { MONGODB_URI: t.uri, MONGODB_DB: t.dbName, USER: 'drift' };
});
afterAll(async () => close());

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kvalitetsbot settings', () => {
  it('shows all settings with their defaults', async () => {
    const r = await cli('settings');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Inga ändringar sparade; alla standardvärden gäller.');
    expect(r.out).toContain('svarstid: 14 (standard)  – Svarstid för synpunkter och klagomål (dagar)');
    expect(r.out).toContain('kontorstid: 08:00-16:30 (standard)');
  });

  it('sets a value as the operator cli:<user>, audited, and gets it back', async () => {
    const set = await cli('settings', 'set', 'kontorstid', '07:30-17:00');
    expect(set.code).toBe(0);
    expect(set.out).toContain('Kontorstid för påminnelser: 08:00-16:30 → 07:30-17:00.');
    const get = await cli('settings', 'get', 'Kontorstid');
    expect(get.out).toBe('kontorstid: 07:30-17:00');
    const entries = await new AuditRepository(db).listAudit({ subject: 'admin:settings', actor: 'cli:drift' });
    expect(entries.find((e) => e.action === 'admin.settings.set')?.details).toMatchObject({ key: 'kontorstid', from: '08:00-16:30', to: '07:30-17:00' });
    expect((await cli('settings')).out).toMatch(/Version 1, ändrad .* av cli:drift\./);
  });

  it('explains a bad value or key in Swedish with exit code 1, and usage with 2', async () => {
    const bad = await cli('settings', 'set', 'minsta-grupp', 'noll');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Värdet "noll" för minsta-grupp godtas inte');
    expect((await cli('settings', 'get', 'färg')).err).toContain('Inställningen "färg" finns inte');
    const usage = await cli('settings', 'set', 'svarstid');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('Användning: kvalitetsbot settings');
  });
});

describe('kvalitetsbot dead-letters', () => {
  it('lists dead letters without content and requeues one by reference or id', async () => {
    expect((await cli('dead-letters')).out).toContain('Inga olevererade meddelanden');
    const outbox = new MongoOutbox(db, systemClock);
    for (const id of ['reminder|r1|lead14', 'reminder|r2|due']) {
      await outbox.enqueue({ dedupeKey: id, recipient: { channel: 'teams', conversationReference: {} }, message: { view: { title: 'HEMLIG-TEXT om ett ärende' }, fallbackText: 'x', meta: { kind: 'reminder.lead' } } });
      const c = await claimOldest(outbox, 't', 60_000);
      await outbox.markUnreachable(c!._id, 't', 'teams: 403 bot not installed');
    }
    const list = await cli('dead-letters');
    expect(list.code).toBe(0);
    expect(list.out).toContain(`${deadLetterRef('reminder|r1|lead14')} · reminder.lead  mottagaren nås inte · teams · 1 försök`);
    expect(list.out).toContain('orsak: teams: 403 bot not installed');
    expect(list.out).not.toContain('HEMLIG');

    const byRef = await cli('dead-letters', '--requeue', deadLetterRef('reminder|r1|lead14'));
    expect(byRef.code).toBe(0);
    expect((await outboxItem(outbox, 'reminder|r1|lead14'))?.status).toBe('pending');
    const byId = await cli('dead-letters', '--requeue', 'reminder|r2|due');
    expect(byId.code).toBe(0);
    expect((await outboxItem(outbox, 'reminder|r2|due'))?.status).toBe('pending');
    const missing = await cli('dead-letters', '--requeue', 'reminder|r2|due');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Inget olevererat meddelande');

    const actions = (await new AuditRepository(db).listAudit({ subject: 'admin:outbox', actor: 'cli:drift' })).map((e) => e.action);
    expect(actions).toEqual(['admin.outbox.list', 'admin.outbox.list', 'admin.outbox.requeue', 'admin.outbox.requeue', 'admin.outbox.requeue_missing']);
  });
});
