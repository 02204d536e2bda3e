/**
 * Break 5 in Teams: a manager handles a case to the end from the notification, from "Mina ärenden" and by typing
 * its number, and the reporter answers a "Begär komplettering".
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { choices, dialogCard, submitActions, TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const yesterday = () => DateTime.now().setZone('Europe/Stockholm').minus({ days: 1 }).toISODate()!;

/** The newest card in the user's chat that matches, waiting for it when it has not come yet. */
async function nextCard(user: TeamsUser, since: number, predicate: (card: string) => boolean): Promise<any> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = user.received().slice(since).find((a) => predicate(FakeTeamsConnector.cardText(a)));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching card; got: ${user.received().slice(since).map((a) => FakeTeamsConnector.cardText(a).slice(0, 200)).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Submits the form of a dialog (the data of its submit button plus the given inputs). */
async function submitDialog(user: TeamsUser, dialog: any, inputs: Record<string, string> = {}) {
  const card = dialogCard(dialog);
  const submit = submitActions(card).find((a) => a.data.kbForm);
  expect(submit, `a form in the dialog: ${JSON.stringify(card)?.slice(0, 300)}`).toBeDefined();
  return user.invoke('task/submit', { data: { ...submit!.data, ...inputs } });
}

describe('journey (Teams): a case handled to the end', () => {
  let t: TestApp;
  let mia: TeamsUser;
  let olle: TeamsUser;
  let hanna: TeamsUser;

  beforeAll(async () => {
    t = await startTestApp();
    mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-0000000d0001');
    olle = new TeamsUser(t.baseUrl, t.teams, 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-0000000d0002');
    hanna = new TeamsUser(t.baseUrl, t.teams, 'Hanna Hemtjänst', 'hanna.hemtjanst@exempel.se', '00000000-0000-4000-8000-0000000d0003');
    for (const u of [olle, mia, hanna]) await u.install();
  });
  afterAll(async () => t?.stop());

  it('Ny → Mottagen (notification) → komplettering (Mina ärenden, answered by the reporter) → Under utredning and Åtgärdad (typed number) → Avslutad (Mina ärenden)', async () => {
    // The medarbetare reports from the welcome card.
    let since = mia.received().length;
    await mia.say('hjälp');
    const welcome = await nextCard(mia, since, (c) => c.includes('Rapportera avvikelse'));
    const open = submitActions(welcome).find((a) => a.title === 'Rapportera avvikelse')!;
    const form = dialogCard((await mia.invoke('task/fetch', { data: open.data })).body);
    const saved = await mia.invoke('task/submit', {
      data: {
        ...submitActions(form).find((a) => a.data.kbForm === 'avvikelse')!.data,
        type: 'avvikelse',
        unitId: choices(form, 'unitId').find((c) => c.title === 'Solgården')!.value,
        occurredAt__date: yesterday(),
        occurredAt__time: '08:00',
        location: 'Matsalen',
        description: 'Brukaren fick fel kost.',
        immediateActions: 'Bytte tallrik.',
        konsekvens: '1',
        sannolikhet: '2',
        informed: 'ja',
        improvement: 'Märkning av specialkost.',
      },
    });
    const number = /AVV-\d{4}-\d{4}/.exec(saved.body.task.value)![0];

    // 1. From the notification: Mottagen.
    const notice = await olle.waitForCard((c) => c.includes(number) && c.includes('Nytt ärende'));
    since = olle.received().length;
    await olle.click(submitActions(notice).find((a) => a.data.action === 'acknowledge')!.data);
    await nextCard(olle, since, (c) => c.includes(`${number}: Mottagen`));

    // 2. From "Mina ärenden": the row's button opens the details dialog, where "Begär komplettering" is.
    since = olle.received().length;
    await olle.say('mina ärenden');
    const list = await nextCard(olle, since, (c) => c.includes('Mina ärenden') && c.includes(number));
    const row = submitActions(list).find((a) => a.data.kbAction === 'avvikelse.case.view' && a.title === 'Öppna');
    expect(row?.data.msteams?.type, 'the row opens a dialog').toBe('task/fetch');
    const details = await olle.invoke('task/fetch', { data: row!.data });
    expect(JSON.stringify(dialogCard(details.body))).toContain('Brukaren fick fel kost.');
    const ask = submitActions(dialogCard(details.body)).find((a) => a.data.action === 'request_supplement')!;
    const askForm = await olle.invoke('task/submit', { data: ask.data });
    const asked = await submitDialog(olle, askForm.body, { question: 'Vilken kost fick brukaren?' });
    expect(asked.body.task.type).toBe('message');

    // The reporter answers from the request.
    const request = await mia.waitForCard((c) => c.includes(`Komplettering begärd: ${number}`));
    expect(JSON.stringify(request)).not.toContain('Vilken kost');
    const answerButton = submitActions(request).find((a) => a.data.kbAction === 'avvikelse.case.supplement.open')!;
    expect(answerButton.data.msteams?.type).toBe('task/fetch');
    const answerForm = await mia.invoke('task/fetch', { data: answerButton.data });
    const answered = await submitDialog(mia, answerForm.body, { answer: 'Normalkost i stället för glutenfri.' });
    expect(answered.body.task.type).toBe('message');
    await olle.waitForCard((c) => c.includes(`Komplettering inkommen: ${number}`));
    const afterAnswer = await olle.invoke('task/fetch', { data: row!.data });
    expect(JSON.stringify(dialogCard(afterAnswer.body))).toContain('Normalkost i stället för glutenfri.');

    // 3. By typing the number, in lower case without dashes: Starta utredning.
    since = olle.received().length;
    await olle.say(number.toLowerCase().replace(/-/g, ''));
    const typed = await nextCard(olle, since, (c) => c.includes(`Avvikelse ${number}`));
    await olle.click(submitActions(typed).find((a) => a.data.action === 'start_investigation')!.data);
    await nextCard(olle, since, (c) => c.includes(`${number}: Under utredning`));

    // … and with dashes, lower case: Åtgärdad, in its dialog.
    since = olle.received().length;
    await olle.say(number.toLowerCase());
    const typed2 = await nextCard(olle, since, (c) => c.includes(`Avvikelse ${number}`) && c.includes('Under utredning'));
    const resolve = submitActions(typed2).find((a) => a.data.action === 'resolve')!;
    const resolveForm = await olle.invoke('task/fetch', { data: resolve.data });
    expect((await submitDialog(olle, resolveForm.body, { measure: 'Specialkost märks i köket.' })).body.task.type).toBe('message');
    await nextCard(olle, since, (c) => c.includes(`${number}: Åtgärdad`));

    // 4. From "Mina ärenden" again: Avsluta.
    since = olle.received().length;
    await olle.say('mina ärenden');
    const list2 = await nextCard(olle, since, (c) => c.includes('Mina ärenden') && c.includes(number));
    const row2 = submitActions(list2).find((a) => a.data.kbAction === 'avvikelse.case.view' && a.data.caseId === row!.data.caseId)!;
    const details2 = await olle.invoke('task/fetch', { data: row2.data });
    const close = submitActions(dialogCard(details2.body)).find((a) => a.data.action === 'close')!;
    const closeForm = await olle.invoke('task/submit', { data: close.data });
    expect((await submitDialog(olle, closeForm.body)).body.task.type).toBe('message');
    await nextCard(olle, since, (c) => c.includes(`${number}: Avslutad`));
    await mia.waitForCard((c) => c.includes(`Ditt ärende ${number} har uppdaterats`) && c.includes('Avslutad'));

    // Someone who may not see the case gets nothing from its number (it could be probed otherwise).
    since = hanna.received().length;
    await hanna.say(number);
    const refused = await nextCard(hanna, since, (c) => c.includes(number));
    expect(FakeTeamsConnector.cardText(refused)).toContain('Jag hittar inget ärende');
    expect(submitActions(refused)).toHaveLength(0);
  });
});
