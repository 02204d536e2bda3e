/**
 * Break 1 in Teams: people who have only installed the app (or never opened it) are reached, and the reporter's
 * receipt says exactly who was told and who will be told.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { choices, dialogCard, submitActions, TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const yesterday = () => DateTime.now().setZone('Europe/Stockholm').minus({ days: 1 }).toISODate()!;

/** hjälp → the welcome card's "Rapportera avvikelse" → the dialog → submit. Returns the case number and receipt. */
async function reportFromHelp(user: TeamsUser, type: 'avvikelse' | 'lex_sarah' | 'lex_maria'): Promise<{ number: string; receipt: string }> {
  const before = user.received().length;
  expect((await user.say('hjälp')).status).toBe(200);
  const welcome = await user.waitForCard((c) => c.includes('Rapportera avvikelse'));
  const open = submitActions(welcome).find((a) => a.title === 'Rapportera avvikelse');
  expect(open?.data.msteams?.type).toBe('task/fetch');
  const fetched = await user.invoke('task/fetch', { data: open!.data });
  const card = dialogCard(fetched.body);
  const submit = submitActions(card).find((a) => a.data.kbForm === 'avvikelse')!;
  const unit = choices(card, 'unitId').find((c) => c.title === 'Solgården')!;
  const saved = await user.invoke('task/submit', {
    data: {
      ...submit.data,
      type,
      unitId: unit.value,
      occurredAt__date: yesterday(),
      occurredAt__time: '10:15',
      location: 'Korridoren',
      description: 'Fel läkemedel lades fram till brukaren.',
      immediateActions: 'Rättat och kontrollerat.',
      konsekvens: '2',
      sannolikhet: '2',
      informed: 'ja',
      improvement: 'Dubbelkontroll.',
    },
  });
  expect(saved.body.task.type).toBe('message');
  const number = /AVV-\d{4}-\d{4}/.exec(saved.body.task.value)![0];
  const receipt = user.received().slice(before).map((a) => FakeTeamsConnector.cardText(a)).find((c) => c.includes(`registrerat som ${number}`));
  expect(receipt, 'the receipt is posted in the reporter’s chat').toBeDefined();
  return { number, receipt: receipt! };
}

describe('journey (Teams): reaching people who have not written to the bot', () => {
  let t: TestApp;
  let mia: TeamsUser;
  let olle: TeamsUser;
  let maria: TeamsUser;
  let eva: TeamsUser;
  let kim: TeamsUser;

  beforeAll(async () => {
    t = await startTestApp();
    mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-0000000c0001');
    olle = new TeamsUser(t.baseUrl, t.teams, 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-0000000c0002');
    maria = new TeamsUser(t.baseUrl, t.teams, 'Maria Modell', 'maria.modell@exempel.se', '00000000-0000-4000-8000-0000000c0003');
    eva = new TeamsUser(t.baseUrl, t.teams, 'Eva Exempelsson', 'eva.exempelsson@exempel.se', '00000000-0000-4000-8000-0000000c0004');
    kim = new TeamsUser(t.baseUrl, t.teams, 'Kim Kvalitet', 'kim.kvalitet@exempel.se', '00000000-0000-4000-8000-0000000c0005');
  });
  afterAll(async () => t?.stop());

  it('the enhetschef who only installed the app gets the notification, and the receipt names him', async () => {
    await olle.install();
    await kim.install();
    await mia.install();
    const { number, receipt } = await reportFromHelp(mia, 'avvikelse');

    const notice = await olle.waitForCard((c) => c.includes(number) && c.includes('Nytt ärende'));
    expect(submitActions(notice).some((a) => a.data.action === 'acknowledge')).toBe(true);
    expect(receipt).toContain('Meddelande har skickats till Olle Omsorg');
    expect(receipt).not.toContain('Ansvarig har fått ett meddelande');
  });

  it('a MAS unknown to every channel: the receipt says she will be told, the admin sees it waiting, and it is delivered when she installs', async () => {
    const { number, receipt } = await reportFromHelp(mia, 'lex_maria');
    expect(receipt).toContain('Maria Modell går inte att nå i chatten ännu');
    expect(receipt).not.toMatch(/skickats till Maria/);
    expect(maria.received().some((a) => FakeTeamsConnector.cardText(a).includes(number))).toBe(false);

    // The admin is told by name, and the waiting message is in the admin listing.
    await kim.waitForCard((c) => c.includes('Maria Modell kan inte nås i chatten ännu'));
    await kim.say('admin olevererade meddelanden');
    await kim.waitForCard((c) => c.includes('väntar på chattadress till Maria Modell'));

    await maria.install();
    const delivered = await maria.waitForCard((c) => c.includes(number) && c.includes('Nytt ärende'));
    expect(submitActions(delivered).some((a) => a.data.action === 'acknowledge')).toBe(true);
  });

  it('a förvaltningschef who added the app to a team (no personal chat yet) gets a personal chat started by the bot', async () => {
    await eva.addToTeam();
    const { number, receipt } = await reportFromHelp(mia, 'lex_sarah');
    expect(receipt).toMatch(/Meddelande har skickats till (Olle Omsorg och Eva Exempelsson|Eva Exempelsson och Olle Omsorg)/);

    await eva.waitForCard((c) => c.includes(number));
    const created = t.teams.requests.filter((r) => r.method === 'POST' && /^\/v3\/conversations\/?$/.test(r.path));
    expect(created.some((r) => JSON.stringify((r.body as any).members).includes(eva.id))).toBe(true);
  });
});
