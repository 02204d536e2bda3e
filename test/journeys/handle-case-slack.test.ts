/**
 * Break 5 in Slack: a manager handles a case to the end from the notification, from "Mina ärenden" and by typing
 * its number, and the reporter answers a "Begär komplettering".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttons, dt, optionsOf, sel, SlackUser, txt } from '../support/slack-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const field = (id: string, value: unknown) => ({ [id]: { [id]: value } });

describe('journey (Slack): a case handled to the end', () => {
  let t: TestApp;
  let mia: SlackUser;
  let olle: SlackUser;
  let hanna: SlackUser;

  beforeAll(async () => {
    t = await startTestApp();
    mia = new SlackUser(t.baseUrl, t.slack, 'U_MIA', 'mia', 'mia.medarbetare@exempel.se');
    olle = new SlackUser(t.baseUrl, t.slack, 'U_OLLE', 'olle', 'olle.omsorg@exempel.se');
    hanna = new SlackUser(t.baseUrl, t.slack, 'U_HANNA', 'hanna', 'hanna.hemtjanst@exempel.se');
  });
  afterAll(async () => t?.stop());

  it('Ny → Mottagen (notification) → komplettering (Mina ärenden, answered by the reporter) → Under utredning and Åtgärdad (typed number) → Avslutad (Mina ärenden)', async () => {
    await mia.dm('hjälp');
    const welcome = await mia.waitForMessage((b) => b.includes('Rapportera avvikelse'));
    const open = buttons(welcome.blocks).find((b) => b.text === 'Rapportera avvikelse')!;
    const opened = await mia.click(open.actionId, open.raw);
    const form = await mia.openedView(opened.triggerId);
    const unit = optionsOf(form, 'unitId').find((o) => o.text === 'Solgården')!;
    const saved = await mia.submitUntilSaved(form, {
      ...field('type', sel('avvikelse')),
      ...field('unitId', sel(unit.value)),
      ...field('occurredAt', dt(new Date(Date.now() - 5 * 3600_000))),
      ...field('location', txt('Matsalen')),
      ...field('description', txt('Brukaren fick fel kost.')),
      ...field('immediateActions', txt('Bytte tallrik.')),
      ...field('konsekvens', sel('1')),
      ...field('sannolikhet', sel('2')),
      ...field('informed', sel('ja')),
      ...field('improvement', txt('Märkning av specialkost.')),
    });
    expect(saved.body?.response_action).toBeUndefined();
    const receipt = await mia.waitForMessage((b) => /registrerat som AVV-/.test(b));
    const number = /AVV-\d{4}-\d{4}/.exec(JSON.stringify(receipt.blocks))![0];

    // 1. From the notification: Mottagen.
    const notice = await olle.waitForMessage((b) => b.includes(number) && b.includes('Nytt ärende'));
    const ack = buttons(notice.blocks).find((b) => b.value.action === 'acknowledge')!;
    await olle.click(ack.actionId, ack.raw);
    await olle.waitForMessage((b) => b.includes(`${number}: Mottagen`));

    // 2. From "Mina ärenden": the row's button opens the details modal; "Begär komplettering" is pushed on top.
    await olle.dm('mina ärenden');
    const list = await olle.waitForMessage((b) => b.includes('Mina ärenden') && b.includes(number));
    const row = buttons(list.blocks).find((b) => b.actionId === 'avvikelse.case.view' && b.text === 'Öppna')!;
    const clickedRow = await olle.click(row.actionId, row.raw);
    const details = await olle.openedView(clickedRow.triggerId);
    expect(JSON.stringify(details)).toContain('Brukaren fick fel kost.');
    const ask = buttons(details.blocks).find((b) => b.value.action === 'request_supplement')!;
    const clickedAsk = await olle.click(ask.actionId, ask.raw, details);
    const askForm = await olle.openedView(clickedAsk.triggerId, 'views.push');
    expect((await olle.submitUntilSaved(askForm, field('question', txt('Vilken kost fick brukaren?')))).body?.response_action).toBeUndefined();

    // The reporter answers from the request in her DM.
    const request = await mia.waitForMessage((b) => b.includes(`Komplettering begärd: ${number}`));
    expect(JSON.stringify(request)).not.toContain('Vilken kost');
    const answer = buttons(request.blocks).find((b) => b.actionId === 'avvikelse.case.supplement.open')!;
    const clickedAnswer = await mia.click(answer.actionId, answer.raw);
    const answerForm = await mia.openedView(clickedAnswer.triggerId);
    expect((await mia.submitUntilSaved(answerForm, field('answer', txt('Normalkost i stället för glutenfri.')))).body?.response_action).toBeUndefined();
    await mia.waitForMessage((b) => b.includes(`Din komplettering till ${number} är skickad`));
    await olle.waitForMessage((b) => b.includes(`Komplettering inkommen: ${number}`));

    // 3. By typing the number, lower case without dashes: Starta utredning.
    await olle.dm(number.toLowerCase().replace(/-/g, ''));
    const typed = await olle.waitForMessage((b) => b.includes(`*Avvikelse ${number}*`));
    const start = buttons(typed.blocks).find((b) => b.value.action === 'start_investigation')!;
    const clickedStart = await olle.click(start.actionId, start.raw);
    // Slack offers the optional due date of the investigation in a modal.
    const startForm = await olle.openedView(clickedStart.triggerId);
    const started = await olle.submitUntilSaved(startForm, {});
    expect(started.body?.response_action, JSON.stringify(started.body ?? {}).slice(0, 600)).toBeUndefined();
    await olle.waitForMessage((b) => b.includes(`${number}: Under utredning`));

    // … and with dashes: Åtgärdad, in its modal.
    await olle.dm(number.toLowerCase());
    const typed2 = await olle.waitForMessage((b) => b.includes(`*Avvikelse ${number}*`) && b.includes("Under utredning"));
    const resolve = buttons(typed2.blocks).find((b) => b.value.action === 'resolve')!;
    const clickedResolve = await olle.click(resolve.actionId, resolve.raw);
    const resolveForm = await olle.openedView(clickedResolve.triggerId);
    expect((await olle.submitUntilSaved(resolveForm, field('measure', txt('Specialkost märks i köket.')))).body?.response_action).toBeUndefined();
    await olle.waitForMessage((b) => b.includes(`${number}: Åtgärdad`));

    // 4. From "Mina ärenden" again: Avsluta.
    await olle.dm('mina ärenden');
    const list2 = await olle.waitForMessage((b) => b.includes('Mina ärenden') && b.includes('Åtgärdad'));
    const row2 = buttons(list2.blocks).find((b) => b.actionId === 'avvikelse.case.view' && b.value.caseId === row.value.caseId)!;
    const clickedRow2 = await olle.click(row2.actionId, row2.raw);
    const details2 = await olle.openedView(clickedRow2.triggerId);
    const close = buttons(details2.blocks).find((b) => b.value.action === 'close')!;
    const clickedClose = await olle.click(close.actionId, close.raw, details2);
    const closeForm = await olle.openedView(clickedClose.triggerId, 'views.push');
    expect((await olle.submitUntilSaved(closeForm, {})).body?.response_action).toBeUndefined();
    await olle.waitForMessage((b) => b.includes(`${number}: Avslutad`));
    await mia.waitForMessage((b) => b.includes(`Ditt ärende ${number} har uppdaterats`) && b.includes('Avslutad'));

    // Someone who may not see the case gets nothing from its number.
    await hanna.dm(number);
    const refused = await hanna.waitForMessage((b) => b.includes(number));
    expect(JSON.stringify(refused.blocks)).toContain('Jag hittar inget ärende');
    expect(buttons(refused.blocks)).toHaveLength(0);
  });
});
