import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTeamsConnector, teamsActivity } from '../support/fake-teams-connector.js';
import { SlackUser } from '../support/slack-client.js';
import { TeamsUser } from '../support/teams-client.js';
import { postActivity, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * "Vem ansvarar för …?" answered with people, the way staff meet it: the app is installed, they say "hjälp", then
 * ask. Roles that serve the whole organisation are answered with their holders wherever the asker sits, unit roles
 * with the holder of the asker's unit, and the nearest manager above when the unit has none. Teams by text message,
 * Slack by /vemansvarar; only what the fake Teams connector and the fake Slack Web API receive is read.
 */
interface Case {
  what: string;
  asker: 'vera' | 'ulla';
  question: string;
  /** Must appear in the answer. */
  says: RegExp[];
  /** Must not appear. */
  never: RegExp[];
}

// Vera Verksam works at Solgården (an enhet under Äldreomsorg); Ulla Utredare at Individ- och familjeomsorg, an
// avdelning without an enhetschef. Kim Kvalitet (kvalitetsutvecklare) and Sara Stab (registrator) sit in the staff
// unit, Nils Nämndsson (nämndansvarig) at Nämndkontoret: none of them in Vera's chain of units.
const CASES: Case[] = [
  { what: 'a staff-wide role by name', asker: 'vera', question: 'vem är kvalitetsutvecklare?', says: [/Kim Kvalitet/], never: [/Ingen person är registrerad/] },
  { what: 'a staff-wide role through its activity', asker: 'vera', question: 'vem registrerar klagomål?', says: [/Sara Stab/], never: [/ingen person kopplad/] },
  { what: 'a managerial role held in one office', asker: 'vera', question: 'vem är nämndansvarig', says: [/Nils Nämndsson/], never: [/Olle Omsorg/] },
  { what: 'a unit role for the asker’s unit', asker: 'vera', question: 'vem utreder avvikelser på enheten?', says: [/Olle Omsorg/], never: [/Hanna Hemtjänst/, /Bo Barn/] },
  {
    what: 'the chain above when the unit has no holder',
    asker: 'ulla',
    question: 'vem utreder avvikelser på enheten?',
    says: [/Ivar Individ/, /närmaste chef/],
    never: [/Olle Omsorg/, /Bo Barn/, /ingen person kopplad/],
  },
  { what: 'the asker’s own manager', asker: 'ulla', question: 'vem är min chef?', says: [/Ivar Individ/], never: [/Olle Omsorg/, /Eva Exempelsson/] },
  {
    what: 'an English question, answered in English from the Swedish matrix',
    asker: 'vera',
    question: 'Who writes the patient safety report?',
    says: [/Maria Modell/, /Responsible role/, /Patientsäkerhetsberättelse/],
    never: [/Ansvarig roll/],
  },
];

describe('journey: "vem ansvarar för …?" answered with people in Teams and Slack', () => {
  let t: TestApp;
  const teams: Record<Case['asker'], TeamsUser> = {} as never;
  const slack: Record<Case['asker'], SlackUser> = {} as never;

  beforeAll(async () => {
    t = await startTestApp();
    teams.vera = new TeamsUser(t.baseUrl, t.teams, 'Vera Verksam', 'vera.verksam@exempel.se', '00000000-0000-4000-8000-0000000f0001');
    teams.ulla = new TeamsUser(t.baseUrl, t.teams, 'Ulla Utredare', 'ulla.utredare@exempel.se', '00000000-0000-4000-8000-0000000f0002');
    slack.vera = new SlackUser(t.baseUrl, t.slack, 'U_VERA16', 'vera', 'vera.verksam@exempel.se');
    slack.ulla = new SlackUser(t.baseUrl, t.slack, 'U_ULLA16', 'ulla', 'ulla.utredare@exempel.se');
  });
  afterAll(async () => t?.stop());

  it('Teams: installed, "hjälp", then every kind of question answered with the right person', async () => {
    for (const user of [teams.vera, teams.ulla]) {
      // Installing the app in the personal scope: Teams adds the bot to the conversation.
      const install = teamsActivity(t.teams.url, {
        type: 'conversationUpdate',
        text: undefined,
        from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
        conversation: { id: user.conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
        membersAdded: [{ id: '28:bot-id' }],
      });
      expect((await postActivity(t.baseUrl, install)).status).toBe(200);
      await user.waitForCard((c) => c.includes('Jag är kvalitetsboten'));
      expect((await user.say('hjälp')).status).toBe(200);
      await user.waitForCard((c) => /vem ansvarar/i.test(c));
    }
    for (const c of CASES) {
      const user = teams[c.asker];
      const earlier = new Set(t.teams.sentActivities());
      expect((await user.say(c.question)).status, c.what).toBe(200);
      const reply = await t.teams.waitFor((r) => r.method === 'POST' && r.path.startsWith(`/v3/conversations/${user.conversationId}/activities`) && !earlier.has(r as never), 30_000);
      const text = FakeTeamsConnector.cardText(reply.body as Record<string, unknown>);
      for (const re of c.says) expect(text, `${c.what}: ${c.question}`).toMatch(re);
      for (const re of c.never) expect(text, `${c.what}: ${c.question}`).not.toMatch(re);
    }
  });

  it('Slack: "hjälp" in the DM, then /vemansvarar answers every kind of question with the right person', async () => {
    for (const user of [slack.vera, slack.ulla]) {
      expect((await user.dm('hjälp')).status).toBe(200);
      await user.waitForMessage((b) => /vem ansvarar/i.test(b));
    }
    for (const c of CASES) {
      const user = slack[c.asker];
      t.slack.clear();
      const { res } = await user.command('/vemansvarar', c.question);
      expect(res.status, c.what).toBe(200);
      const answer = await t.slack.waitFor((r) => r.path.startsWith('/response/') && c.says.every((re) => re.test(JSON.stringify(r.body))), 30_000);
      const text = JSON.stringify(answer.body);
      for (const re of c.never) expect(text, `${c.what}: ${c.question}`).not.toMatch(re);
    }
  });
});
