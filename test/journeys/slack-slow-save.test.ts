import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postInteraction } from '../support/fake-slack-api.js';
import { dt, isSavingView, optionsOf, sel, SlackUser, txt } from '../support/slack-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A person reports an avvikelse in Slack while the database is slow. Slack closes a view submission after three
 * seconds, so the bot must answer at once and finish the save after: the modal says "Sparar…" and then shows the
 * receipt, or the form again with the text kept and an honest "not saved". The database is slowed and cut by a TCP
 * proxy in front of it; nothing else is faked.
 */
function reportValues(view: any, description: string) {
  const unit = optionsOf(view, 'unitId').find((o) => o.text === 'Solgården');
  expect(unit).toBeDefined();
  const v: Record<string, unknown> = {
    type: sel('avvikelse'),
    unitId: sel(unit!.value),
    occurredAt: dt(new Date(Date.now() - 3 * 3600_000)),
    location: txt('Matsalen'),
    description: txt(description),
    immediateActions: txt('Torkade upp.'),
    konsekvens: sel('2'),
    sannolikhet: sel('2'),
    informed: sel('ja'),
    improvement: txt('Halkskydd.'),
  };
  return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, { [k]: val }]));
}

describe('journey: an avvikelse reported in Slack while the database is slow', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let mia: SlackUser;
  let olle: SlackUser;

  beforeAll(async () => {
    const target = new URL(process.env.MONGODB_URI!);
    proxy = await new TcpProxy(target.hostname, Number(target.port)).start();
    t = await startTestApp({ env: { MONGODB_URI: TcpProxy.uriThrough(process.env.MONGODB_URI!, proxy.port), MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1500' } });
    mia = new SlackUser(t.baseUrl, t.slack, 'U_MIA', 'mia', 'mia.medarbetare@exempel.se');
    olle = new SlackUser(t.baseUrl, t.slack, 'U_OLLE', 'olle', 'olle.omsorg@exempel.se');
    for (const u of [mia, olle]) {
      expect((await u.dm('hjälp')).status).toBe(200);
      await u.waitForMessage((b) => b.includes('kvalitetsboten'));
    }
  });
  afterAll(async () => {
    proxy?.restore();
    if (proxy) proxy.latencyMs = 0;
    await t?.stop();
    await proxy?.stop();
  });

  async function openReport() {
    const { res, triggerId } = await mia.command('/avvikelse');
    expect(res.status).toBe(200);
    return mia.openedView(triggerId);
  }

  it('answers with "Sparar…" at once, then shows the receipt in the modal and in the DM; saved once', async () => {
    const view = await openReport();
    const token = JSON.parse(view.private_metadata).t;
    proxy.latencyMs = 300; // every command a round trip of 300 ms: the save takes seconds
    const result = await mia.submit(view, reportValues(view, 'Vatten på golvet i matsalen.'));
    proxy.latencyMs = 0;
    expect(result.status).toBe(200);
    expect(result.saving).toBe(true); // the ack did not wait for the save
    const shown = JSON.stringify(result.shown);
    expect(shown).toMatch(/AVV-\d{4}-\d{4}/);
    expect(shown).not.toContain('Vatten på golvet'); // a receipt carries no free text
    const number = /AVV-\d{4}-\d{4}/.exec(shown)![0];
    await mia.waitForMessage((b) => b.includes(number));
    await olle.waitForMessage((b) => b.includes(number));
    expect(await t.app.mongo.db.collection('cases').countDocuments({ idempotencyToken: token })).toBe(1);
    const stored = await t.app.mongo.db.collection('cases').findOne({ idempotencyToken: token });
    expect(stored!.number).toBe(number);
    expect(await t.app.mongo.db.collection('case_audit').countDocuments({ caseId: stored!._id, action: 'created' })).toBe(1);
  });

  it('when the database goes away during the save: the form again with the text kept and "not saved"; the retry saves once', async () => {
    const view = await openReport();
    const token = JSON.parse(view.private_metadata).t;
    const values = reportValues(view, 'Dörren till medicinrummet stod öppen.');
    proxy.latencyMs = 300;
    const payload = {
      type: 'view_submission',
      team: { id: 'T1', domain: 'kommunen' },
      user: { id: mia.id, username: mia.name, name: mia.name, team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 'trigger-cut-1',
      view: { ...view, id: 'V-CUT-1', team_id: 'T1', state: { values }, hash: 'h', app_id: 'A1', bot_id: 'BBOT' },
    };
    const res = await postInteraction(t.baseUrl, payload);
    const ack = JSON.parse(await res.text());
    expect(isSavingView(ack)).toBe(true);
    expect(ack.view.submit).toBeUndefined(); // nothing can be sent twice while it saves
    proxy.cut(); // the database is gone before the save could finish
    const update = await t.slack.waitForCall('views.update', (b) => b.view_id === 'V-CUT-1', 30_000);
    proxy.latencyMs = 0;
    proxy.restore();
    const form = update.body.view;
    expect(form.callback_id).toBe('avvikelse.report.modal');
    expect(JSON.stringify(form.blocks)).toMatch(/Ingenting (är|har) sparats?|inte bekräfta att uppgifterna sparades/);
    expect(JSON.stringify(form.blocks)).toContain('Dörren till medicinrummet stod öppen.'); // the text is kept
    expect(JSON.parse(form.private_metadata).t).toBe(token); // same submission key: a retry cannot duplicate
    expect(await t.app.mongo.db.collection('cases').countDocuments({ idempotencyToken: token })).toBe(0);

    const again = await mia.submitUntilSaved(form, values);
    expect(again.body?.response_action).toBeUndefined();
    const receipt = await mia.waitForMessage((b) => /AVV-\d{4}-\d{4}/.test(b) && !b.includes('Vatten'));
    expect(receipt).toBeDefined();
    expect(await t.app.mongo.db.collection('cases').countDocuments({ idempotencyToken: token })).toBe(1);
  });
});
