import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttons, dt, optionsOf, sel, SlackUser, txt } from '../support/slack-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SENTINEL = 'SENTINEL-SLACK-KLIENT-5521';

function reportValues(view: any, overrides: Record<string, unknown> = {}) {
  const unit = optionsOf(view, 'unitId').find((o) => o.text === 'Solgården');
  expect(unit).toBeDefined();
  const v: Record<string, unknown> = {
    type: sel('avvikelse'),
    unitId: sel(unit!.value),
    occurredAt: dt(new Date(Date.now() - 26 * 3600_000)),
    location: txt('Korridoren'),
    description: txt(`${SENTINEL}: brukaren fick fel läkemedel.`),
    immediateActions: txt('Kontaktade sjuksköterskan.'),
    konsekvens: sel('2'),
    sannolikhet: sel('2'),
    informed: sel('ja'),
    improvement: txt('Dubbelkontroll.'),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, { [k]: val }]));
}

describe('avvikelse in Slack, end to end', () => {
  let t: TestApp;
  let mia: SlackUser;
  let olle: SlackUser;
  let eva: SlackUser;
  let maria: SlackUser;

  beforeAll(async () => {
    t = await startTestApp();
    mia = new SlackUser(t.baseUrl, t.slack, 'U_MIA', 'mia', 'mia.medarbetare@exempel.se');
    olle = new SlackUser(t.baseUrl, t.slack, 'U_OLLE', 'olle', 'olle.omsorg@exempel.se');
    eva = new SlackUser(t.baseUrl, t.slack, 'U_EVA', 'eva', 'eva.exempelsson@exempel.se');
    maria = new SlackUser(t.baseUrl, t.slack, 'U_MARIA', 'maria', 'maria.modell@exempel.se');
    for (const u of [mia, olle, eva, maria]) {
      expect((await u.dm('hjälp')).status).toBe(200);
      await u.waitForMessage((b) => b.includes('kvalitetsboten'));
    }
  });
  afterAll(async () => t?.stop());

  async function report(overrides: Record<string, unknown> = {}) {
    const { res, triggerId } = await mia.command('/avvikelse');
    expect(res.status).toBe(200);
    const view = await mia.openedView(triggerId);
    expect(view.callback_id).toBe('avvikelse.report.modal');
    return { view, result: await mia.submitUntilSaved(view, reportValues(view, overrides)) };
  }

  it('report → stored → enhetschef notified → acknowledged → resolved → closed, with the reporter updated', async () => {
    const { result } = await report();
    expect(result.status).toBe(200);
    expect(result.body?.response_action).toBeUndefined(); // the modal closes
    const receipt = await mia.waitForMessage((b) => /AVV-\d{4}-\d{4}/.test(b));
    const number = /AVV-\d{4}-\d{4}/.exec(JSON.stringify(receipt.blocks))![0];
    expect(await t.app.mongo.db.collection('cases').countDocuments({ number })).toBe(1);

    const notice = await olle.waitForMessage((b) => b.includes(number));
    expect(JSON.stringify(notice)).not.toContain(SENTINEL);
    const ack = buttons(notice.blocks).find((b) => b.value.action === 'acknowledge');
    expect(ack).toBeDefined();
    const caseId = ack!.value.caseId;

    // The reporter may not handle her own report.
    await mia.click(ack!.actionId, ack!.raw);
    await mia.waitForMessage((b) => /behörighet/i.test(b));
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.status).toBe('ny');

    await olle.click(ack!.actionId, ack!.raw);
    await olle.waitForMessage((b) => b.includes(`${number}: Mottagen`));
    await mia.waitForMessage((b) => b.includes(`Ditt ärende ${number} har uppdaterats`) && /Mottagen/.test(b));

    // Resolve: the button opens a modal with the measure field.
    const resolve = { actionId: 'avvikelse.case.transition', raw: JSON.stringify({ caseId, action: 'resolve', s: 'mottagen' }) };
    const clicked = await olle.click(resolve.actionId, resolve.raw);
    const form = await olle.openedView(clicked.triggerId);
    expect(form.callback_id).toBe('avvikelse.case.transition.modal');
    const done = await olle.submitUntilSaved(form, { measure: { measure: txt('Rutinen för läkemedelsöverlämning är uppdaterad.') } });
    expect(done.body?.response_action).toBeUndefined();
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.status).toBe('atgardad');

    const close = await olle.click('avvikelse.case.transition', JSON.stringify({ caseId, action: 'close', s: 'atgardad' }));
    const closeForm = await olle.openedView(close.triggerId);
    const closed = await olle.submitUntilSaved(closeForm, {});
    expect(closed.body?.response_action).toBeUndefined();
    expect((await t.app.mongo.db.collection('cases').findOne({ number }))!.status).toBe('avslutad');
    await mia.waitForMessage((b) => b.includes(`Ditt ärende ${number} har uppdaterats`) && /Avslutad/.test(b));

    // Details open in a modal for the handler, never in the chat.
    const details = await olle.click('avvikelse.case.view', JSON.stringify({ caseId }));
    const detailsView = await olle.openedView(details.triggerId);
    expect(JSON.stringify(detailsView)).toContain(SENTINEL);
    for (const call of t.slack.calls('chat.postMessage')) expect(JSON.stringify(call.body)).not.toContain(SENTINEL);
    expect(JSON.stringify(t.logs).includes(SENTINEL), "a log line carries client text").toBe(false);
  });

  it('routes lex Sarah to enhetschef and förvaltningschef, lex Maria to the MAS', async () => {
    await report({ type: sel('lex_sarah') });
    const receipt = await mia.waitForMessage((b) => /AVV-\d{4}-\d{4}/.test(b) && /Missförhållande|lex Sarah/i.test(b));
    const number = /AVV-\d{4}-\d{4}/.exec(JSON.stringify(receipt.blocks))![0];
    await olle.waitForMessage((b) => b.includes(number));
    await eva.waitForMessage((b) => b.includes(number));

    await report({ type: sel('lex_maria') });
    const receipt2 = await mia.waitForMessage((b) => /AVV-\d{4}-\d{4}/.test(b) && /Vårdskada|lex Maria/i.test(b));
    const number2 = /AVV-\d{4}-\d{4}/.exec(JSON.stringify(receipt2.blocks))![0];
    await maria.waitForMessage((b) => b.includes(number2));
  });

  it('refuses a personnummer with the error next to the field, and saves nothing', async () => {
    const before = await t.app.mongo.db.collection('cases').countDocuments();
    const { result } = await report({ description: txt('Brukaren 121212-1212 föll.') });
    expect(result.body.response_action).toBe('errors');
    expect(result.body.errors.description).toMatch(/personnummer/i);
    expect(await t.app.mongo.db.collection('cases').countDocuments()).toBe(before);
  });

  it('creates one case when the modal is submitted twice', async () => {
    const { res, triggerId } = await mia.command('/avvikelse');
    expect(res.status).toBe(200);
    const view = await mia.openedView(triggerId);
    const values = reportValues(view);
    await Promise.all([mia.submit(view, values), mia.submit(view, values)]);
    const token = JSON.parse(view.private_metadata).t;
    // A save may still be finishing after Slack's window closed: wait for it, and there must never be two.
    const cases = t.app.mongo.db.collection('cases');
    const deadline = Date.now() + 15_000;
    while ((await cases.countDocuments({ idempotencyToken: token })) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await cases.countDocuments({ idempotencyToken: token })).toBe(1);
  });

  it('opens the report from the message shortcut with the text offered', async () => {
    const payload = {
      type: 'message_action',
      callback_id: 'avvikelse.shortcut.message',
      trigger_id: 'trigger-msg-1',
      team: { id: 'T1', domain: 'kommunen' },
      user: { id: 'U_MIA', name: 'mia' },
      channel: { id: 'C1', name: 'general' },
      message: { type: 'message', text: 'Dörren till förrådet var olåst', ts: '1.2', user: 'U_OTHER' },
      message_ts: '1.2',
      response_url: `${t.slack.url}/response/shortcut`,
      token: 'legacy',
    };
    const { postInteraction } = await import('../support/fake-slack-api.js');
    expect((await postInteraction(t.baseUrl, payload)).status).toBe(200);
    const view = await mia.openedView('trigger-msg-1');
    expect(JSON.stringify(view)).toContain('Dörren till förrådet var olåst');
  });
});

describe('avvikelse in Slack when MongoDB goes away', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let mia: SlackUser;
  beforeAll(async () => {
    const target = new URL(process.env.MONGODB_URI!);
    proxy = await new TcpProxy(target.hostname, Number(target.port)).start();
    t = await startTestApp({ env: { MONGODB_URI: TcpProxy.uriThrough(process.env.MONGODB_URI!, proxy.port), MONGODB_SERVER_SELECTION_TIMEOUT_MS: '800' } });
    mia = new SlackUser(t.baseUrl, t.slack, 'U_MIA', 'mia', 'mia.medarbetare@exempel.se');
    await mia.dm('hjälp');
  });
  afterAll(async () => {
    proxy?.restore();
    await t?.stop();
    await proxy?.stop();
  });

  it('keeps the modal open with a clear "not saved" and saves once on retry', async () => {
    const { triggerId } = await mia.command('/avvikelse');
    const view = await mia.openedView(triggerId);
    const values = reportValues(view);
    proxy.cut();
    const failed = await mia.submit(view, values);
    proxy.restore();
    expect(failed.body.response_action).toBe('update');
    expect(JSON.stringify(failed.body.view)).toMatch(/Ingenting (är|har) sparats?|inte bekräfta att uppgifterna sparades/);
    const again = await mia.submitUntilSaved(failed.body.view, values);
    expect(again.body?.response_action).toBeUndefined();
    const token = JSON.parse(view.private_metadata).t;
    expect(await t.app.mongo.db.collection('cases').countDocuments({ idempotencyToken: token })).toBe(1);
  });
});
