import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { ChatIdentityRepository, IDENTITY_MEMORY_MS } from '../../storage/chat-identities.js';
import { openTestDb } from '../support/mongo.js';

let handle: Awaited<ReturnType<typeof openTestDb>>;
let repo: ChatIdentityRepository;
const reference = { conversation: { id: 'a:personal-1', conversationType: 'personal' }, serviceUrl: 'https://smba.example/', agent: { id: '28:bot' }, user: { id: '29:u1' } };

beforeAll(async () => {
  handle = await openTestDb('identities');
  repo = new ChatIdentityRepository(handle.db);
  await repo.ensureIndexes();
});
afterAll(async () => handle.close());

describe('chat identities', () => {
  it('writes only when something changed, and tells listeners once when a person becomes reachable', async () => {
    const heard: string[] = [];
    repo.onNewAddress((identity) => void heard.push(identity._id));
    const t0 = new Date('2026-12-01T08:00:00Z');
    expect(await repo.record({ channel: 'teams', channelUserId: '29:u1', email: 'Olle@Exempel.se', tenantId: 'tn' }, t0)).toBe(true);
    expect(heard).toEqual([]); // known, but no personal chat yet

    const known = await repo.get('teams', '29:u1');
    expect(await repo.record({ channel: 'teams', channelUserId: '29:u1', email: 'olle@exempel.se', tenantId: 'tn' }, new Date(t0.getTime() + 1000), known)).toBe(false);
    expect((await repo.get('teams', '29:u1'))!.updatedAt).toEqual(t0);

    expect(await repo.record({ channel: 'teams', channelUserId: '29:u1', conversationReference: reference }, new Date(t0.getTime() + 2000))).toBe(true);
    expect(heard).toEqual(['teams:29:u1']);
    expect(await repo.record({ channel: 'teams', channelUserId: '29:u1', conversationReference: reference }, new Date(t0.getTime() + 3000))).toBe(false);
    expect(heard).toEqual(['teams:29:u1']);
    expect(await repo.addressFor({ email: 'olle@exempel.se' })).toEqual({ channel: 'teams', conversationReference: reference });
  });

  it('remembers where a Teams tenant was last heard from, so a personal chat can be started there', async () => {
    await repo.record({ channel: 'teams', channelUserId: '29:u2', tenantId: 'tn2', serviceUrl: 'https://smba.example/emea/', bot: { id: '28:bot' } }, new Date());
    expect(await repo.teamsTenant('tn2')).toEqual({ tenantId: 'tn2', serviceUrl: 'https://smba.example/emea/', bot: { id: '28:bot' } });
    expect(await repo.teamsTenant('unknown')).toBeUndefined();
  });

  it('remembers an identity it read or wrote for a while, then reads it again (and sees what another instance wrote)', async () => {
    let ms = 0;
    const monitored = await MongoClient.connect(handle.uri, { monitorCommands: true });
    const one = new ChatIdentityRepository(monitored.db(handle.dbName), () => ms);
    const other = new ChatIdentityRepository(handle.db);
    const finds: string[] = [];
    monitored.on('commandStarted', (e: CommandStartedEvent) => {
      if (e.commandName === 'find' && e.command.find === 'chat_identities') finds.push(String(e.command.filter?._id));
    });
    try {
      await one.record({ channel: 'teams', channelUserId: '29:u3', email: 'vera@exempel.se', tenantId: 'tn' }, new Date());
      const before = finds.length;
      expect((await one.get('teams', '29:u3'))?.email).toBe('vera@exempel.se');
      expect(await one.record({ channel: 'teams', channelUserId: '29:u3', email: 'vera@exempel.se', tenantId: 'tn' }, new Date(), await one.get('teams', '29:u3'))).toBe(false);
      expect(finds.length).toBe(before); // nothing read: the write was remembered

      await other.record({ channel: 'teams', channelUserId: '29:u3', serviceUrl: 'https://smba.example/emea/' }, new Date());
      ms += IDENTITY_MEMORY_MS - 1;
      expect((await one.get('teams', '29:u3'))?.serviceUrl).toBeUndefined();
      ms += 2;
      expect((await one.get('teams', '29:u3'))?.serviceUrl).toBe('https://smba.example/emea/');
      expect(finds.length).toBe(before + 1);
    } finally {
      await monitored.close();
    }
  });

  it('remembers an address it found for a while, looks again after its own write, and never remembers "no address"', async () => {
    let ms = 0;
    const monitored = await MongoClient.connect(handle.uri, { monitorCommands: true });
    const one = new ChatIdentityRepository(monitored.db(handle.dbName), () => ms);
    const other = new ChatIdentityRepository(handle.db);
    let finds = 0;
    monitored.on('commandStarted', (e: CommandStartedEvent) => {
      if (e.commandName === 'find' && e.command.find === 'chat_identities') finds += 1;
    });
    try {
      const person = { email: 'Stina@Exempel.se' };
      expect(await one.addressFor(person)).toBeUndefined();
      expect(await one.addressFor(person)).toBeUndefined();
      expect(finds).toBe(2); // nobody to reach: asked again each time

      await other.record({ channel: 'slack', channelUserId: 'U_STINA', email: 'stina@exempel.se', teamId: 'T1' }, new Date());
      expect(await one.addressFor(person)).toEqual({ channel: 'slack', userId: 'U_STINA', teamId: 'T1' });
      expect(await one.addressFor({ email: 'stina@exempel.se' })).toEqual({ channel: 'slack', userId: 'U_STINA', teamId: 'T1' });
      expect(finds).toBe(3); // found once, then remembered

      // Another instance's newer identity is seen once the memory has run out…
      const reference = { conversation: { id: 'a:stina' }, serviceUrl: 'https://smba.example/emea/' };
      await other.record({ channel: 'teams', channelUserId: '29:stina', email: 'stina@exempel.se', conversationReference: reference }, new Date(Date.now() + 1000));
      ms += IDENTITY_MEMORY_MS - 1;
      expect((await one.addressFor(person))?.channel).toBe('slack');
      ms += 2;
      expect(await one.addressFor(person)).toEqual({ channel: 'teams', conversationReference: reference });

      // …and this instance's own write at once.
      const moved = { conversation: { id: 'a:stina2' }, serviceUrl: 'https://smba.example/emea/' };
      await one.record({ channel: 'teams', channelUserId: '29:stina', conversationReference: moved }, new Date(Date.now() + 2000));
      expect(await one.addressFor(person)).toEqual({ channel: 'teams', conversationReference: moved });
    } finally {
      await monitored.close();
    }
  });
});
