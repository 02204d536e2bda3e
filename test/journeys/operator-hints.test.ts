/**
 * An error an operator must fix: the person is told in Swedish what happened, and the log says, once and with the
 * code, where and how to fix it (the hint from the error catalogue).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../domain/errors.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('journey (Teams): an operator-fixable error is shown in Swedish and its fix is logged', () => {
  let t: TestApp;
  let kim: TeamsUser;

  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_EMAILS: 'kim.kvalitet@exempel.se' } });
    kim = new TeamsUser(t.baseUrl, t.teams, 'Kim Kvalitet', 'kim.kvalitet@exempel.se', '00000000-0000-4000-8000-0000000e0001');
  });
  afterAll(async () => t?.stop());

  it('stored settings that cannot be read: the admin reads why, the log names the document to fix', async () => {
    await kim.install();
    // What a broken hand edit or a failed migration leaves behind: the settings document no longer fits its schema.
    await t.app.mongo.db.collection<{ _id: string }>('settings').updateOne({ _id: 'admin' }, { $set: { version: 'two', values: 'broken' } }, { upsert: true });

    const before = kim.received().length;
    expect((await kim.say('admin inställningar')).status).toBe(200);
    await kim.waitForCard((c) => c.includes('De sparade inställningarna kunde inte läsas'));
    const shown = kim.received().slice(before).map((a) => FakeTeamsConnector.cardText(a)).join('\n');
    expect(shown).toContain('Standardvärdena används tills en administratör sparar nya');
    expect(shown, 'no operator detail reaches the chat').not.toContain('collection');

    const hint = errorCatalogue['admin.settings_corrupt'].hint!;
    const lines = t.logs.filter((l) => l.code === 'admin.settings_corrupt');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ code: 'admin.settings_corrupt', hint });
    expect(String(lines[0]!.msg)).toContain("'settings' collection");
  });
});
