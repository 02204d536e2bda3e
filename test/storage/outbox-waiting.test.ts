import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../domain/clock.js';
import type { ChatDelivery } from '../../scheduler/delivery.js';
import { OutboxSender } from '../../scheduler/outbox-sender.js';
import { MongoOutbox } from '../../storage/outbox.js';
import { openTestDb } from '../support/mongo.js';
import { FakeDirectory } from '../scheduler/support/fake-directory.js';
import { outboxItem } from '../scheduler/support/outbox.js';

let handle: Awaited<ReturnType<typeof openTestDb>>;
let outbox: MongoOutbox;
const message = { view: { title: 'Nytt ärende: Avvikelse AVV-2026-0001' }, fallbackText: 'Nytt ärende', meta: { kind: 'case.new' } };
const maria = { personId: 'p-maria', name: 'Maria Modell', email: 'maria.modell@exempel.se' };

beforeAll(async () => {
  handle = await openTestDb('outboxwait');
  outbox = new MongoOutbox(handle.db, systemClock);
  await outbox.ensureIndexes();
});
afterAll(async () => handle.close());
beforeEach(async () => void (await outbox.col.deleteMany({})));

describe('messages waiting for an address', () => {
  it('are stored once, never claimed, counted, and become pending with the address when it is known', async () => {
    expect(await outbox.enqueueWaiting({ dedupeKey: 'k1', waitingFor: maria, message })).toEqual({ created: true, status: 'waiting_address' });
    expect(await outbox.enqueueWaiting({ dedupeKey: 'k1', waitingFor: maria, message })).toEqual({ created: false, status: 'waiting_address' });
    expect(await outbox.findClaimable(10)).toEqual([]);
    expect((await outbox.counts()).waiting_address).toBe(1);

    const found = await outbox.findWaiting({ email: 'Maria.Modell@exempel.se' });
    expect(found.map((d) => d._id)).toEqual(['k1']);
    expect(await outbox.releaseWaiting(['k1'], { channel: 'slack', userId: 'U_MARIA' })).toBe(1);
    const doc = await outboxItem(outbox, 'k1');
    expect(doc).toMatchObject({ status: 'pending', recipient: { channel: 'slack', userId: 'U_MARIA' }, recipientName: 'Maria Modell' });
    expect(doc!.waitingFor).toBeUndefined();
    // A repeat of the same notification after release says it is on its way, and stores nothing new.
    expect(await outbox.enqueueWaiting({ dedupeKey: 'k1', waitingFor: maria, message })).toEqual({ created: false, status: 'pending' });
  });

  it('the sender’s sweep looks each person up once and releases all their messages', async () => {
    await outbox.enqueueWaiting({ dedupeKey: 'a', waitingFor: maria, message });
    await outbox.enqueueWaiting({ dedupeKey: 'b', waitingFor: maria, message });
    await outbox.enqueueWaiting({ dedupeKey: 'c', waitingFor: { personId: 'p-nobody', name: 'Ingen Alls' }, message });
    const looked: string[] = [];
    const delivery: ChatDelivery = { send: async () => ({ ok: true }) };
    const sender = new OutboxSender(outbox, delivery, new FakeDirectory(), {
      instanceId: 'test',
      resolveWaiting: async (who) => {
        looked.push(who.personId);
        return who.personId === 'p-maria' ? { channel: 'slack', userId: 'U_MARIA' } : undefined;
      },
    });
    expect(await sender.sweepWaiting()).toBe(2);
    expect(looked.sort()).toEqual(['p-maria', 'p-nobody']);
    expect(await sender.drain()).toBe(2);
    expect((await outboxItem(outbox, 'c'))!.status).toBe('waiting_address');
  });
});
