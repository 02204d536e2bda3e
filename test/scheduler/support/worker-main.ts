/**
 * One reminder instance for the multi-instance test and the benchmark: `node --import tsx worker-main.ts`.
 * Env: MONGODB_URI, DB_NAME, FAKE_URL, INSTANCE. Everyone with role `r<n>` is person `p<n>` on Slack `U<n>`.
 */
import { MongoClient } from 'mongodb';
import { systemClock } from '../../../domain/clock.js';
import type { Directory } from '../../../domain/paminnelser/flows.js';
import type { Person } from '../../../domain/paminnelser/schema.js';
import { createReminderSystem } from '../../../scheduler/index.js';
import { HttpChatDelivery } from './http-chat-delivery.js';

const person = (n: string): Person => ({ id: `p${n}`, displayName: `P${n}`, chat: { channel: 'slack', userId: `U${n}` } });
const directory: Directory = {
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
const sys = createReminderSystem({
  db: client.db(process.env.DB_NAME!),
  clock: systemClock,
  directory,
  delivery: new HttpChatDelivery(process.env.FAKE_URL!),
  instanceId: process.env.INSTANCE ?? `w${process.pid}`,
  ...(process.env.WORKER_DEBUG
    ? { logger: { info: (o: object, m?: string) => console.error(process.env.INSTANCE, m, JSON.stringify(o)), warn: (o: object, m?: string) => console.error(m, o), error: (o: object, m?: string) => console.error(m, o) } }
    : {}),
  config: { officeHours: null, leadTimesDays: [0], escalateAfterWorkingDays: null, sendTime: '00:00' },
  cronExpression: '* * * * * *', // every second (node-cron's seconds field)
  tickLeaseMs: 3000,
  sender: {
    leaseMs: 3000,
    idleMs: 400,
    rateLimits: {
      teamsTenant: { perSecond: 10_000, burst: 10_000 },
      teamsConversation: { perSecond: 10_000, burst: 10_000 },
      slackChannel: { perSecond: 10_000, burst: 10_000 },
    },
  },
});
await sys.start();
process.send?.('ready');
const shutdown = async () => {
  await sys.stop();
  await client.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
