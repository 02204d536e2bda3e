import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatIdentityRepository } from '../../storage/chat-identities.js';
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
});
