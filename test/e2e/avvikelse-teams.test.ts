import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choices, dialogCard, submitActions, TeamsUser } from '../support/teams-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SENTINEL = 'SENTINEL-KLIENTUPPGIFT-7731';
const yesterday = () => DateTime.now().setZone('Europe/Stockholm').minus({ days: 1 }).toISODate()!;

async function openReport(user: TeamsUser) {
  const open = await user.invoke('task/fetch', { data: { kbAction: 'avvikelse.report.open' } });
  expect(open.status).toBe(200);
  const card = dialogCard(open.body);
  expect(card?.type).toBe('AdaptiveCard');
  const submit = submitActions(card).find((a) => a.data.kbForm === 'avvikelse');
  expect(submit).toBeDefined();
  return { card, submit: submit!.data };
}

function reportData(card: any, submit: Record<string, unknown>, overrides: Record<string, string> = {}) {
  const unit = choices(card, 'unitId').find((c) => c.title === 'Solgården');
  expect(unit).toBeDefined();
  return {
    ...submit,
    type: 'avvikelse',
    unitId: unit!.value,
    occurredAt__date: yesterday(),
    occurredAt__time: '14:30',
    location: 'Matsalen',
    description: `${SENTINEL}: brukaren halkade vid bordet.`,
    immediateActions: 'Hjälpte brukaren upp och kontrollerade.',
    konsekvens: '2',
    sannolikhet: '3',
    informed: 'ja',
    improvement: 'Halkskydd under borden.',
    ...overrides,
  };
}

describe('avvikelse in Teams, end to end', () => {
  let t: TestApp;
  let mia: TeamsUser;
  let olle: TeamsUser;
  let eva: TeamsUser;
  let maria: TeamsUser;

  beforeAll(async () => {
    t = await startTestApp();
    mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-00000000a001');
    olle = new TeamsUser(t.baseUrl, t.teams, 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-00000000a002');
    eva = new TeamsUser(t.baseUrl, t.teams, 'Eva Exempelsson', 'eva.exempelsson@exempel.se', '00000000-0000-4000-8000-00000000a003');
    maria = new TeamsUser(t.baseUrl, t.teams, 'Maria Modell', 'maria.modell@exempel.se', '00000000-0000-4000-8000-00000000a004');
    // Everyone has opened the bot once, so it can reach them proactively.
    for (const u of [mia, olle, eva, maria]) expect((await u.say('hjälp')).status).toBe(200);
  });
  afterAll(async () => t?.stop());

  it('report → stored → enhetschef notified → acknowledged → resolved → closed, with the reporter updated', async () => {
    const { card, submit } = await openReport(mia);
    const saved = await mia.invoke('task/submit', { data: reportData(card, submit) });
    expect(saved.status).toBe(200);
    expect(saved.body.task.type).toBe('message');
    const number = /AVV-\d{4}-\d{4}/.exec(saved.body.task.value)?.[0];
    expect(number).toBeDefined();

    // Stored, with the free text in the database only.
    const stored = await t.app.mongo.db.collection('cases').findOne({ number });
    expect(stored).toMatchObject({ kind: 'avvikelse', status: 'ny' });
    expect(JSON.stringify(stored)).toContain(SENTINEL);

    // The enhetschef of Solgården is told at once, with the case summary and actions, without the free text.
    const notice = await olle.waitForCard((c) => c.includes(number!));
    expect(JSON.stringify(notice)).not.toContain(SENTINEL);
    const acknowledge = submitActions(notice).find((a) => a.data.action === 'acknowledge');
    expect(acknowledge).toBeDefined();
    const caseId = acknowledge!.data.caseId as string;

    // Only the handler may act: the reporter is refused.
    t.teams.clear();
    await mia.click(acknowledge!.data);
    const refusal = await mia.waitForCard((c) => /behörighet|får inte|inte tillåt/i.test(c));
    expect(JSON.stringify(refusal)).not.toContain(SENTINEL);
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.status).toBe('ny');

    await olle.click(acknowledge!.data);
    await olle.waitForCard((c) => c.includes(`${number!}: Mottagen`));
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.status).toBe('mottagen');
    // The reporter gets a short update, no free text.
    const update = await mia.waitForCard((c) => c.includes(`Ditt ärende ${number!} har uppdaterats`) && /Mottagen/.test(c));
    expect(JSON.stringify(update)).not.toContain(SENTINEL);

    // A stale card (still showing "ny") is refused with a clear message.
    t.teams.clear();
    await olle.click(acknowledge!.data);
    const stale = await olle.waitForCard((c) => /redan ändrats/.test(c));
    expect(JSON.stringify(stale)).toContain(number!);

    // Resolving needs the measure: a dialog.
    const resolveDialog = await olle.invoke('task/fetch', { data: { kbAction: 'avvikelse.case.transition', caseId, action: 'resolve', s: 'mottagen' } });
    const resolveCard = dialogCard(resolveDialog.body);
    const resolveSubmit = submitActions(resolveCard).find((a) => a.data.kbForm === 'avvikelse.resolve');
    expect(resolveSubmit).toBeDefined();
    const resolved = await olle.invoke('task/submit', { data: { ...resolveSubmit!.data, measure: 'Halkskydd monterat under alla bord.' } });
    expect(resolved.body.task.type).toBe('message');
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.status).toBe('atgardad');

    const closeDialog = await olle.invoke('task/fetch', { data: { kbAction: 'avvikelse.case.transition', caseId, action: 'close', s: 'atgardad' } });
    const closeSubmit = submitActions(dialogCard(closeDialog.body)).find((a) => a.data.kbForm === 'avvikelse.close');
    const closed = await olle.invoke('task/submit', { data: { ...closeSubmit!.data } });
    expect(closed.body.task.type).toBe('message');
    const final = await t.app.mongo.db.collection('cases').findOne({ number });
    expect(final!.status).toBe('avslutad');
    await mia.waitForCard((c) => c.includes(`Ditt ärende ${number!} har uppdaterats`) && /Avslutad/.test(c));

    // The audit trail has every step, with who and when.
    const audit = await t.app.mongo.db.collection('case_audit').find({ caseId }).toArray();
    const actions = audit.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['created', 'transition.acknowledge', 'transition.resolve', 'transition.close']));
    expect(audit.every((a) => a.at instanceof Date && a.actorId)).toBe(true);

    // Details only in a dialog for an allowed person, and the view is logged.
    const details = await olle.invoke('task/fetch', { data: { kbAction: 'avvikelse.case.view', caseId } });
    expect(JSON.stringify(dialogCard(details.body))).toContain(SENTINEL);
    const viewed = await t.app.mongo.db.collection('case_audit').find({ caseId }).toArray();
    expect(viewed.map((a) => a.action)).toContain('details.viewed');

    // Nothing sent into a chat and nothing logged carries the free text.
    for (const sent of t.teams.sentActivities()) expect(JSON.stringify(sent.body)).not.toContain(SENTINEL);
    expect(JSON.stringify(t.logs).includes(SENTINEL), "a log line carries client text").toBe(false);
  });

  it('routes lex Sarah also to the förvaltningschef and lex Maria to the MAS', async () => {
    const sarah = await openReport(mia);
    const savedSarah = await mia.invoke('task/submit', { data: reportData(sarah.card, sarah.submit, { type: 'lex_sarah' }) });
    const sarahNumber = /AVV-\d{4}-\d{4}/.exec(savedSarah.body.task.value)![0];
    await olle.waitForCard((c) => c.includes(sarahNumber));
    await eva.waitForCard((c) => c.includes(sarahNumber));

    const maria1 = await openReport(mia);
    const savedMaria = await mia.invoke('task/submit', { data: reportData(maria1.card, maria1.submit, { type: 'lex_maria' }) });
    const mariaNumber = /AVV-\d{4}-\d{4}/.exec(savedMaria.body.task.value)![0];
    await maria.waitForCard((c) => c.includes(mariaNumber));
  });

  it('refuses a personnummer in free text and keeps the form with the error next to the field', async () => {
    const { card, submit } = await openReport(mia);
    const before = await t.app.mongo.db.collection('cases').countDocuments();
    const res = await mia.invoke('task/submit', { data: reportData(card, submit, { description: 'Brukaren 19121212-1212 föll i matsalen.' }) });
    expect(res.body.task.type).toBe('continue');
    const again = JSON.stringify(dialogCard(res.body));
    expect(again).toMatch(/personnummer/i);
    expect(again).toContain('Matsalen'); // the user keeps what they typed
    expect(await t.app.mongo.db.collection('cases').countDocuments()).toBe(before);
  });

  it('creates one case when the same form is submitted twice (double click, retry)', async () => {
    const { card, submit } = await openReport(mia);
    const data = reportData(card, submit);
    const [a, b] = await Promise.all([mia.invoke('task/submit', { data }), mia.invoke('task/submit', { data })]);
    const numbers = [a, b].map((r) => /AVV-\d{4}-\d{4}/.exec(r.body.task.value)?.[0]);
    expect(numbers[0]).toBeDefined();
    expect(numbers[1]).toBe(numbers[0]);
    expect(await t.app.mongo.db.collection('cases').countDocuments({ idempotencyToken: submit.kbToken })).toBe(1);
  });

  it('opens the report from a message action with the message text offered in the form', async () => {
    const res = await mia.invoke(
      'composeExtension/fetchTask',
      { commandId: 'avvikelseFromMessage', commandContext: 'message', messagePayload: { body: { contentType: 'html', content: '<p>Larmet i korridoren <b>fungerade inte</b></p>' } } },
      'channel',
    );
    const card = dialogCard(res.body);
    expect(JSON.stringify(card)).toContain('Larmet i korridoren fungerade inte');
  });
});

describe('avvikelse in Teams when MongoDB goes away', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let mia: TeamsUser;
  beforeAll(async () => {
    const target = new URL(process.env.MONGODB_URI!);
    proxy = await new TcpProxy(target.hostname, Number(target.port)).start();
    t = await startTestApp({ env: { MONGODB_URI: TcpProxy.uriThrough(process.env.MONGODB_URI!, proxy.port), MONGODB_SERVER_SELECTION_TIMEOUT_MS: '800' } });
    mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-00000000b001');
    await mia.say('hjälp');
  });
  afterAll(async () => {
    proxy?.restore();
    await t?.stop();
    await proxy?.stop();
  });

  it('says clearly that the report was NOT saved, keeps the form, and a retry saves it once', async () => {
    const { card, submit } = await openReport(mia);
    const data = reportData(card, submit);
    proxy.cut();
    const failed = await mia.invoke('task/submit', { data });
    proxy.restore();
    expect(failed.body.task.type).toBe('continue');
    const failedCard = JSON.stringify(dialogCard(failed.body));
    expect(failedCard).toMatch(/Ingenting (är|har) sparats?|inte bekräfta att uppgifterna sparades/);
    expect(failedCard).toContain('Matsalen');

    const retried = await mia.invoke('task/submit', { data });
    expect(retried.body.task.type).toBe('message');
    const number = /AVV-\d{4}-\d{4}/.exec(retried.body.task.value)![0];
    expect(await t.app.mongo.db.collection('cases').countDocuments({ idempotencyToken: submit.kbToken })).toBe(1);
    expect(number).toMatch(/^AVV-/);
  });
});
