import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askAnsvar } from '../../domain/ansvarsmatris/handlers.js';
import { renderMessageAdaptive, renderMessageBlocks } from '../../cards/render-message.js';
import { SlackUser } from '../support/slack-client.js';
import { TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('"vem ansvarar för …?" in Teams and Slack', () => {
  let t: TestApp;
  let teams: TeamsUser;
  let slack: SlackUser;
  beforeAll(async () => {
    t = await startTestApp();
    teams = new TeamsUser(t.baseUrl, t.teams, 'Vera Verksam', 'vera.verksam@exempel.se', '00000000-0000-4000-8000-00000000d001');
    slack = new SlackUser(t.baseUrl, t.slack, 'U_VERA', 'vera', 'vera.verksam@exempel.se');
  });
  afterAll(async () => t?.stop());

  it('returns the same answer card in both channels, naming the role and the person', async () => {
    const question = 'vem ansvarar för lex Maria?';
    await teams.say(question);
    const teamsCard = (await teams.waitForCard((c) => c.includes('MAS'))).attachments[0].content;

    const { res } = await slack.command('/vemansvarar', 'lex Maria');
    expect(res.status).toBe(200);
    const answer = await t.slack.waitFor((r) => r.path.startsWith('/response/') && JSON.stringify(r.body).includes('MAS'));
    const slackBlocks = (answer.body as any).blocks;

    // Both channels render one and the same answer, computed for the asker (Vera works at Solgården).
    const expected = await askAnsvar({ ansvar: t.app.services.ansvar, people: t.app.services.people }, question, { channel: 'teams', channelUserId: teams.id, email: 'vera.verksam@exempel.se' });
    expect(teamsCard).toEqual(renderMessageAdaptive(expected));
    expect(slackBlocks).toEqual(renderMessageBlocks(expected).blocks);
    expect(JSON.stringify(teamsCard)).toContain('Maria Modell');
  });

  it('answers honestly when nothing matches, with someone to ask instead', async () => {
    await teams.say('vem ansvarar för snöskottning av parkeringen vid rådhuset');
    const card = await teams.waitForCard((c) => /hittar inget säkert svar/.test(c));
    expect(JSON.stringify(card)).not.toContain('Maria Modell');
  });
});

describe('a personal identity number typed in the chat', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.stop());

  it('is not processed, the user is warned, and it is never logged', async () => {
    const user = new TeamsUser(t.baseUrl, t.teams, 'Vera Verksam', 'vera.verksam@exempel.se', '00000000-0000-4000-8000-00000000d002');
    await user.say('vem ansvarar för brukaren 19121212-1212?');
    const card = await user.waitForCard((c) => /personnummer/.test(c));
    expect(JSON.stringify(card)).not.toContain('19121212');
    expect(JSON.stringify(t.logs).includes('19121212'), 'the number reached a log line').toBe(false);
  });
});
