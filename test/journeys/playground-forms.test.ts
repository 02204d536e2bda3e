import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choices, TeamsUser } from '../support/teams-client.js';
import { cardActions, PlaygroundUser } from '../support/playground-user.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SENTINEL = 'SENTINEL-PLAYGROUND-4417';
const yesterday = () => DateTime.now().setZone('Europe/Stockholm').minus({ days: 1 }).toISODate()!;

/**
 * Break 6: the Agents Playground cannot open dialogs. A person from the example organisation installs the bot there,
 * reports an avvikelse with the form shown as a card in the conversation (Action.Execute, refreshed in place:
 * button → form → receipt), and the enhetschef handles it there too.
 */
describe('journey: forms where dialogs do not open (Agents Playground)', () => {
  let t: TestApp;
  let mia: PlaygroundUser;
  let olle: PlaygroundUser;

  beforeAll(async () => {
    t = await startTestApp();
    mia = new PlaygroundUser(t.baseUrl, t.teams, 'user-mia', 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-00000000a021');
    olle = new PlaygroundUser(t.baseUrl, t.teams, 'user-olle', 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-00000000a010');
  });
  afterAll(async () => t?.stop());

  it('report in the conversation → saved → card becomes the receipt → the manager handles it in the conversation', async () => {
    // The manager has opened the bot in his Playground and written to it once.
    await olle.open();
    await olle.say('hjälp');
    await olle.waitForCard((c) => c.includes('Hej Olle!'));

    // Mia opens the Playground: the welcome card's "Rapportera avvikelse" is a Universal Action, not a dialog.
    await mia.open();
    const welcome = await mia.waitForCard((c) => c.includes('Jag är kvalitetsboten'));
    const report = cardActions(welcome).find((a) => a.title === 'Rapportera avvikelse');
    expect(report?.type).toBe('Action.Execute');
    expect(JSON.stringify(welcome)).not.toContain('task/fetch');

    // hjälp → the same card again, and the button answers with the form, to be shown in place of the welcome card.
    await mia.say('hjälp');
    const opened = await mia.execute(report!.verb!, report!.data);
    expect(opened.status).toBe(200);
    expect(opened.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const form = opened.body.value;
    expect(JSON.stringify(form)).toContain('Vad hände?');
    const submit = cardActions(form).find((a) => a.data.kbForm === 'avvikelse');
    expect(submit?.type).toBe('Action.Execute');
    const solgarden = choices(form, 'unitId').find((c) => c.title === 'Solgården')!;

    // A first try without a description: the form comes back in place with the error, the typed values kept.
    const missing = await mia.execute(submit!.verb!, { ...submit!.data, type: 'avvikelse', unitId: solgarden.value, occurredAt__date: yesterday(), occurredAt__time: '14:30', konsekvens: '2', sannolikhet: '3', informed: 'ja', location: 'Matsalen' });
    expect(missing.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(missing.body.value)).toContain('Fyll i det här fältet.');
    expect(JSON.stringify(missing.body.value)).toContain('Matsalen');
    expect(await t.app.mongo.db.collection('cases').countDocuments({ kind: 'avvikelse' })).toBe(0);

    const again = cardActions(missing.body.value).find((a) => a.data.kbForm === 'avvikelse')!;
    const saved = await mia.execute(again.verb!, {
      ...again.data,
      type: 'avvikelse',
      unitId: solgarden.value,
      occurredAt__date: yesterday(),
      occurredAt__time: '14:30',
      location: 'Matsalen',
      description: `${SENTINEL}: brukaren halkade vid bordet.`,
      immediateActions: 'Hjälpte brukaren upp.',
      konsekvens: '2',
      sannolikhet: '3',
      informed: 'ja',
    });
    // The form card turns into the receipt, with the case number.
    expect(saved.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const receipt = JSON.stringify(saved.body.value);
    const number = /AVV-\d{4}-\d{4}/.exec(receipt)?.[0];
    expect(number).toBeDefined();
    expect(receipt).not.toContain(SENTINEL);
    const stored = await t.app.mongo.db.collection('cases').findOne({ number });
    expect(stored).toMatchObject({ kind: 'avvikelse', status: 'ny' });
    expect(JSON.stringify(stored)).toContain(SENTINEL);

    // A resend of the same form (same token) does not make a second case.
    const resent = await mia.execute(again.verb!, { ...again.data, type: 'avvikelse', unitId: solgarden.value, occurredAt__date: yesterday(), occurredAt__time: '14:30', description: `${SENTINEL}: brukaren halkade vid bordet.`, konsekvens: '2', sannolikhet: '3', informed: 'ja' });
    expect(JSON.stringify(resent.body.value)).toContain(number!);
    expect(await t.app.mongo.db.collection('cases').countDocuments({ kind: 'avvikelse' })).toBe(1);

    // The enhetschef is told in his Playground chat; the buttons that need input are Universal Actions there.
    const notice = await olle.waitForCard((c) => c.includes(number!));
    expect(JSON.stringify(notice)).not.toContain(SENTINEL);
    expect(JSON.stringify(notice)).not.toContain('task/fetch');
    const acknowledge = cardActions(notice).find((a) => a.data.action === 'acknowledge')!;
    await olle.click(acknowledge.data);
    const received = await olle.waitForCard((c) => c.includes(`${number!}: Mottagen`));
    const resolve = cardActions(received).find((a) => a.data.action === 'resolve');
    expect(resolve?.type).toBe('Action.Execute');

    // The reporter cannot use the manager's button: authorised from stored data, not from the card.
    const refused = await mia.execute(resolve!.verb!, resolve!.data);
    const resolveFormForMia = JSON.stringify(refused.body.value);
    if (resolveFormForMia.includes('Vidtagen åtgärd')) {
      const s = cardActions(refused.body.value).find((a) => a.data.kbForm === 'avvikelse.resolve')!;
      const denied = await mia.execute(s.verb!, { ...s.data, measure: 'Försöker ändra.' });
      expect(JSON.stringify(denied.body.value)).toMatch(/behörighet|får inte|inte tillåt/i);
    } else {
      expect(resolveFormForMia).toMatch(/behörighet|får inte|inte tillåt/i);
    }
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.status).toBe('mottagen');

    // "Åtgärdad" opens its form in place, and sending it changes the case; the card shows the new status.
    const resolveForm = await olle.execute(resolve!.verb!, resolve!.data);
    expect(JSON.stringify(resolveForm.body.value)).toContain('Vidtagen åtgärd');
    const resolveSubmit = cardActions(resolveForm.body.value).find((a) => a.data.kbForm === 'avvikelse.resolve')!;
    expect(resolveSubmit.type).toBe('Action.Execute');
    const resolved = await olle.execute(resolveSubmit.verb!, { ...resolveSubmit.data, measure: 'Halkskydd monterat under alla bord.' });
    expect(JSON.stringify(resolved.body.value)).toContain(`${number!}: Åtgärdad`);
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.status).toBe('atgardad');

    // Details stay out of the chat: "Visa detaljer" answers with a short note and leaves the card as it was.
    const view = cardActions(notice).find((a) => a.title === 'Visa detaljer')!;
    expect(view.type).toBe('Action.Execute');
    const details = await olle.execute(view.verb!, view.data);
    expect(details.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(JSON.stringify(details.body)).not.toContain(SENTINEL);

    // Nothing sent into a chat carries the free text.
    for (const sent of t.teams.sentActivities()) expect(JSON.stringify(sent.body)).not.toContain(SENTINEL);
  });

  it('in Teams the dialog stays, and a person whose client cannot open it asks for the form in the chat', async () => {
    const vera = new TeamsUser(t.baseUrl, t.teams, 'Vera Verksam', 'vera.verksam@exempel.se', '00000000-0000-4000-8000-00000000a011');
    t.teams.clear();
    await vera.say('avvikelse');
    const launcher = (await vera.waitForCard((c) => c.includes('Öppna formuläret'))).attachments[0].content;
    const actions = cardActions(launcher);
    // The dialog button is unchanged for Teams…
    expect(actions[0]).toMatchObject({ type: 'Action.Submit', title: 'Öppna formuläret', data: { msteams: { type: 'task/fetch' } } });
    // …and next to it the same form in the conversation.
    const here = actions.find((a) => a.title === 'Visa formuläret här i chatten');
    expect(here?.type).toBe('Action.Execute');
    const opened = await vera.invoke('adaptiveCard/action', { action: { type: 'Action.Execute', verb: here!.verb, data: here!.data }, trigger: 'manual' });
    expect(opened.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardActions(opened.body.value).find((a) => a.data.kbForm === 'avvikelse')?.type).toBe('Action.Execute');
  });

  it('a form in the conversation can be closed without saving', async () => {
    const opened = await mia.execute('avvikelse.report.open', { kbAction: 'avvikelse.report.open' });
    const cancel = cardActions(opened.body.value).find((a) => a.title === 'Avbryt')!;
    const closed = await mia.execute(cancel.verb!, cancel.data);
    expect(JSON.stringify(closed.body.value)).toContain('utan att något sparades');
  });
});
