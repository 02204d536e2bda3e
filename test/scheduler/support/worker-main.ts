/**
 * One reminder instance for the multi-instance test and the benchmark: `node --import tsx worker-main.ts`.
 * Env: MONGODB_URI, DB_NAME, FAKE_URL, INSTANCE. Everyone with role `r<n>` is person `p<n>` on Slack `U<n>`.
 */
import { MongoClient } from 'mongodb';
import { systemClock } from '../../../domain/clock.js';
import type { ReminderDirectory } from '../../../domain/paminnelser/flows.js';
import type { ReminderPerson } from '../../../domain/paminnelser/schema.js';
import { createReminderSystem } from '../../../scheduler/index.js';
import { createOutboxSender } from '../../../scheduler/outbox-sender.js';
import { MongoOutbox } from '../../../storage/outbox.js';
import { HttpChatDelivery } from './http-chat-delivery.js';

const person = (n: string): ReminderPerson => ({ id: `p${n}`, displayName: `P${n}`, chat: { channel: 'slack', userId: `U${n}` } });
const directory: ReminderDirectory = {
  async resolve(spec) {
    if (spec.kind === 'person') return [person(spec.personId.slice(1))];
    return [person(spec.role.slice(1))];
  },
  async managerOf() {
    return undefined;
  },
  async admins() {
    return [];
  },
};

const client = new MongoClient(process.env.MONGODB_URI!, { serverSelectionTimeoutMS: 5000 });
await client.connect();
const db = client.db(process.env.DB_NAME!);
const instanceId = process.env.INSTANCE ?? `w${process.pid}`;
const logger = process.env.WORKER_DEBUG
  ? { info: (o: object, m?: string) => console.error(process.env.INSTANCE, m, JSON.stringify(o)), warn: (o: object, m?: string) => console.error(m, o), error: (o: object, m?: string) => console.error(m, o) }
  : undefined;
// As the app builds them: one outbox and its sender, shared; the reminder system writes to it and pokes the sender.
const outbox = new MongoOutbox(db, systemClock);
const sender = createOutboxSender({
  outbox,
  delivery: new HttpChatDelivery(process.env.FAKE_URL!),
  directory,
  instanceId,
  ...(logger ? { logger } : {}),
  leaseMs: 3000,
  idleMs: 400,
  rateLimits: {
    teamsTenant: { perSecond: 10_000, burst: 10_000 },
    teamsConversation: { perSecond: 10_000, burst: 10_000 },
    slackChannel: { perSecond: 10_000, burst: 10_000 },
  },
});
const sys = createReminderSystem({
  db,
  clock: systemClock,
  directory,
  outbox,
  outboxSender: sender,
  instanceId,
  ...(logger ? { logger } : {}),
  config: { officeHours: null, leadTimesDays: [0], escalateAfterWorkingDays: null, sendTime: '00:00' },
  cronExpression: '* * * * * *', // every second (node-cron's seconds field)
  tickLeaseMs: 3000,
});
sender.start();
await sys.start();
process.send?.('ready');
const shutdown = async () => {
  await sys.stop();
  await sender.stop();
  await client.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
