import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttons, day, optionsOf, sel, SlackUser, txt } from '../support/slack-client.js';
import { choices, dialogCard, submitActions, TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CONTACT = '070-123 45 67 SENTINEL-KONTAKT';
const TEXT = 'SENTINEL-SYNPUNKT-3310 Maten var kall flera dagar i rad.';
const today = () => DateTime.now().setZone('Europe/Stockholm').toISODate()!;
const daysAgo = (n: number) => DateTime.now().setZone('Europe/Stockholm').minus({ days: n }).toISODate()!;

describe('synpunkter och klagomål, end to end in both channels', () => {
  let t: TestApp;
  let mia: TeamsUser; // registers in Teams
  let olle: TeamsUser; // enhetschef Solgården
  let sara: TeamsUser; // registrator
  let hanna: TeamsUser; // enhetschef Hemtjänst Norr
  let asa: TeamsUser; // avdelningschef Äldreomsorg (complaint delegation)
  let miaSlack: SlackUser; // registers in Slack
  let olleSlack: SlackUser;

  beforeAll(async () => {
    t = await startTestApp();
    mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-00000000c001');
    olle = new TeamsUser(t.baseUrl, t.teams, 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-00000000c002');
    sara = new TeamsUser(t.baseUrl, t.teams, 'Sara Stab', 'sara.stab@exempel.se', '00000000-0000-4000-8000-00000000c003');
    hanna = new TeamsUser(t.baseUrl, t.teams, 'Hanna Hemtjänst', 'hanna.hemtjanst@exempel.se', '00000000-0000-4000-8000-00000000c004');
    asa = new TeamsUser(t.baseUrl, t.teams, 'Åsa Äldre', 'asa.aldre@exempel.se', '00000000-0000-4000-8000-00000000c005');
    for (const u of [mia, olle, sara, hanna, asa]) await u.say('hjälp');
    miaSlack = new SlackUser(t.baseUrl, t.slack, 'U_MIA2', 'mia', 'mia.medarbetare@exempel.se');
    olleSlack = new SlackUser(t.baseUrl, t.slack, 'U_OLLE2', 'olle', 'olle.omsorg@exempel.se');
  });
  afterAll(async () => t?.stop());

  async function registerInTeams(overrides: Record<string, string> = {}) {
    const open = await mia.invoke('task/fetch', { data: { kbAction: 'synpunkt.register.open' } });
    const card = dialogCard(open.body);
    const submit = submitActions(card).find((a) => a.data.kbForm === 'synpunkt')!.data;
    const unit = choices(card, 'unitId').find((c) => c.title === 'Solgården')!.value;
    const data = {
      ...submit,
      type: 'klagomal',
      source: 'narstaende',
      channel: 'telefon',
      receivedOn: today(),
      unitId: unit,
      topic: 'mat_maltider',
      description: TEXT,
      wantsAnswer: 'ja',
      answerMethod: 'telefon',
      contactName: 'Närstående N.N.',
      contactPhone: CONTACT.split(' SENTINEL')[0]!,
      ...overrides,
    };
    return mia.invoke('task/submit', { data });
  }

  it('register → registrator and enhetschef notified → answered → closed; contact details never in chat', async () => {
    const res = await registerInTeams();
    expect(res.body.task.type).toBe('message');
    const number = /SYN-\d{4}-\d{4}/.exec(res.body.task.value)![0];

    const forRegistrator = await sara.waitForCard((c) => c.includes(number));
    const forHandler = await olle.waitForCard((c) => c.includes(number));
    for (const card of [forRegistrator, forHandler]) {
      expect(JSON.stringify(card)).not.toContain('SENTINEL-SYNPUNKT');
      expect(JSON.stringify(card)).not.toContain('070-123');
    }
    const ack = submitActions(forHandler).find((a) => a.data.action === 'acknowledge')!;
    const caseId = ack.data.caseId as string;
    await olle.click(ack.data);
    await olle.waitForCard((c) => c.includes(`${number}: Mottagen`));

    const answerDialog = await olle.invoke('task/fetch', { data: { kbAction: 'synpunkt.case.transition', caseId, action: 'answer', s: 'mottagen' } });
    const answerSubmit = submitActions(dialogCard(answerDialog.body)).find((a) => a.data.kbForm === 'synpunkt.answer')!;
    const answered = await olle.invoke('task/submit', { data: { ...answerSubmit.data, summary: 'Ringde upp och förklarade ändrade rutiner för varmhållning.', answeredAt: today() } });
    expect(answered.body.task.type).toBe('message');
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.status).toBe('besvarad');

    await olle.click({ kbAction: 'synpunkt.case.transition', caseId, action: 'close', s: 'besvarad' });
    await olle.waitForCard((c) => c.includes(`${number}: Avslutad`));
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.status).toBe('avslutad');

    for (const sent of t.teams.sentActivities()) {
      expect(JSON.stringify(sent.body)).not.toContain('SENTINEL-SYNPUNKT');
      expect(JSON.stringify(sent.body)).not.toContain('070-123');
    }
    expect(JSON.stringify(t.logs).includes('070-123'), 'contact details in a log line').toBe(false);
  });

  it('registers anonymously (no contact details, no answer)', async () => {
    const res = await registerInTeams({ source: 'anonym', wantsAnswer: 'nej', answerMethod: '', contactName: '', contactPhone: '' });
    expect(res.body.task.type).toBe('message');
    const number = /SYN-\d{4}-\d{4}/.exec(res.body.task.value)![0];
    const stored = await t.app.mongo.db.collection('cases').findOne({ number });
    expect(stored).toMatchObject({ kind: 'synpunkt', source: 'anonym', wantsAnswer: false });
    await olle.waitForCard((c) => c.includes(number));
  });

  it('forwards to another unit, whose enhetschef is told', async () => {
    const res = await registerInTeams();
    const number = /SYN-\d{4}-\d{4}/.exec(res.body.task.value)![0];
    const notice = await olle.waitForCard((c) => c.includes(number));
    const caseId = submitActions(notice).find((a) => a.data.caseId)!.data.caseId as string;
    const dialog = await olle.invoke('task/fetch', { data: { kbAction: 'synpunkt.case.transition', caseId, action: 'forward', s: 'ny' } });
    const card = dialogCard(dialog.body);
    const submit = submitActions(card).find((a) => a.data.kbForm === 'synpunkt.forward')!;
    const target = choices(card, 'unitId').find((c) => c.title === 'Hemtjänst Norr')!.value;
    const forwarded = await olle.invoke('task/submit', { data: { ...submit.data, unitId: target } });
    expect(forwarded.body.task.type).toBe('message');
    await hanna.waitForCard((c) => c.includes(number));
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.unitId).toBe(target);
  });

  it('escalates to the complaint delegation when the complainant is not satisfied', async () => {
    const res = await registerInTeams();
    const number = /SYN-\d{4}-\d{4}/.exec(res.body.task.value)![0];
    const notice = await olle.waitForCard((c) => c.includes(number));
    const caseId = submitActions(notice).find((a) => a.data.caseId)!.data.caseId as string;
    await olle.click({ kbAction: 'synpunkt.case.transition', caseId, action: 'acknowledge', s: 'ny' });
    await olle.waitForCard((c) => c.includes(`${number}: Mottagen`));
    const dialog = await olle.invoke('task/fetch', { data: { kbAction: 'synpunkt.case.transition', caseId, action: 'answer', s: 'mottagen' } });
    const submit = submitActions(dialogCard(dialog.body)).find((a) => a.data.kbForm === 'synpunkt.answer')!;
    await olle.invoke('task/submit', { data: { ...submit.data, summary: 'Svarade per telefon.', answeredAt: today() } });
    const esc = await olle.invoke('task/fetch', { data: { kbAction: 'synpunkt.case.transition', caseId, action: 'escalate', s: 'besvarad' } });
    const escSubmit = submitActions(dialogCard(esc.body)).find((a) => a.data.kbForm === 'synpunkt.escalate')!;
    const escalated = await olle.invoke('task/submit', { data: { ...escSubmit.data, note: 'Klaganden är inte nöjd med svaret.' } });
    expect(escalated.body.task.type).toBe('message');
    await asa.waitForCard((c) => c.includes(number));
  });

  it('shows an overdue case as overdue in "mina ärenden"', async () => {
    const fresh = await registerInTeams();
    const freshNumber = /SYN-\d{4}-\d{4}/.exec(fresh.body.task.value)![0];
    await olle.waitForCard((c) => c.includes(freshNumber));
    const res = await registerInTeams({ receivedOn: daysAgo(20) });
    const number = /SYN-\d{4}-\d{4}/.exec(res.body.task.value)![0];
    await olle.waitForCard((c) => c.includes(number));
    t.teams.clear();
    await olle.say('mina ärenden');
    const list = await olle.waitForCard((c) => c.includes(number));
    const text = JSON.stringify(list);
    expect(text).toMatch(/FÖRSENAT/);
    // Olle handles several open cases; the overdue one is listed first.
    const listed = [...text.matchAll(/SYN-\d{4}-\d{4}/g)].map((m) => m[0]);
    expect(new Set(listed).size).toBeGreaterThan(1);
    expect(listed[0]).toBe(number);
  });

  it('a complaint that describes a missförhållande is registered as a complaint AND reported under lex Sarah, linked', async () => {
    const first = await registerInTeams({ description: 'Personalen slog brukaren och skrek åt henne.' });
    expect(first.body.task.type).toBe('continue');
    expect(JSON.stringify(dialogCard(first.body))).toMatch(/lex Sarah/);
    const again = submitActions(dialogCard(first.body)).find((a) => a.data.kbForm === 'synpunkt')!;
    const card = dialogCard(first.body);
    const second = await mia.invoke('task/submit', {
      data: { ...again.data, type: 'klagomal', source: 'narstaende', channel: 'telefon', receivedOn: today(), unitId: choices(card, 'unitId').find((c) => c.title === 'Solgården')!.value, topic: 'bemotande', description: 'Personalen slog brukaren och skrek åt henne.', wantsAnswer: 'nej' },
    });
    expect(second.body.task.type).toBe('message');
    const synNumber = /SYN-\d{4}-\d{4}/.exec(second.body.task.value)![0];
    const lexNumber = /AVV-\d{4}-\d{4}/.exec(second.body.task.value)![0];
    const complaint = (await t.app.mongo.db.collection('cases').findOne({ number: synNumber }))!;
    const report = (await t.app.mongo.db.collection('cases').findOne({ number: lexNumber }))!;
    expect(complaint).toMatchObject({ kind: 'synpunkt', type: 'klagomal', linkedCaseIds: [report._id] });
    expect(report).toMatchObject({ kind: 'avvikelse', type: 'lex_sarah', linkedCaseIds: [complaint._id] });
    expect(complaint.deadlines.answer).toBeInstanceOf(Date);
    // The enhetschef gets the lex Sarah report to receive at once, besides the complaint to answer.
    await olle.waitForCard((c) => c.includes(`Nytt ärende: Lex Sarah ${lexNumber}`));
    await olle.waitForCard((c) => c.includes(synNumber));
  });

  it('registers from Slack with the same form, notifies the same people, and is answered and closed in Slack', async () => {
    await olleSlack.dm('hjälp');
    const { triggerId } = await miaSlack.command('/synpunkt');
    const view = await miaSlack.openedView(triggerId);
    expect(view.callback_id).toBe('synpunkt.register.modal');
    const unit = optionsOf(view, 'unitId').find((o) => o.text === 'Solgården')!.value;
    const values: Record<string, unknown> = {
      type: sel('synpunkt'),
      source: sel('vard_omsorgstagare'),
      channel: sel('besok'),
      receivedOn: day(today()),
      unitId: sel(unit),
      topic: sel('information'),
      description: txt('Önskar tydligare information om aktiviteter.'),
      wantsAnswer: sel('nej'),
    };
    const result = await miaSlack.submitUntilSaved(view, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: v }])));
    expect(result.body?.response_action, JSON.stringify(result.body)).toBeUndefined();
    const receipt = await miaSlack.waitForMessage((b) => /SYN-\d{4}-\d{4}/.test(b));
    const number = /SYN-\d{4}-\d{4}/.exec(JSON.stringify(receipt.blocks))![0];
    await sara.waitForCard((c) => c.includes(number));
    const notice = await olleSlack.waitForMessage((b) => b.includes(number));

    // The enhetschef handles it in Slack: Mottagen, Besvarad (modal), Avslutad.
    const ack = buttons(notice.blocks).find((b) => b.value.action === 'acknowledge')!;
    const caseId = ack.value.caseId as string;
    await olleSlack.click(ack.actionId, ack.raw);
    await olleSlack.waitForMessage((b) => b.includes(`${number}: Mottagen`));
    const answer = await olleSlack.click('synpunkt.case.transition', JSON.stringify({ caseId, action: 'answer', s: 'mottagen' }));
    const form = await olleSlack.openedView(answer.triggerId);
    const answered = await olleSlack.submitUntilSaved(form, { summary: { summary: txt('Informationen om aktiviteter sätts upp i entrén varje måndag.') }, answeredAt: { answeredAt: day(today()) } });
    expect(answered.body?.response_action, JSON.stringify(answered.body)).toBeUndefined();
    await olleSlack.click('synpunkt.case.transition', JSON.stringify({ caseId, action: 'close', s: 'besvarad' }));
    await olleSlack.waitForMessage((b) => b.includes(`${number}: Avslutad`));
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.status).toBe('avslutad');
  });
});
