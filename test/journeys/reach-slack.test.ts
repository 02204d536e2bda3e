/**
 * Break 1 in Slack: a manager who is only a member of the workspace (never wrote to the bot) is found by e-mail and
 * told; one unknown to Slack waits and is told when she opens the app; the receipt names who was told and who will be.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttons, dt, optionsOf, sel, SlackUser, txt } from '../support/slack-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** hjälp in the DM → "Rapportera avvikelse" on the welcome message → the modal → submit. */
async function reportFromHelp(t: TestApp, user: SlackUser, type: string): Promise<{ number: string; receipt: string }> {
  expect((await user.dm('hjälp')).status).toBe(200);
  const welcome = await user.waitForMessage((b) => b.includes('Rapportera avvikelse'));
  const open = buttons(welcome.blocks).find((b) => b.text === 'Rapportera avvikelse')!;
  const { triggerId } = await user.click(open.actionId, open.raw);
  const view = await user.openedView(triggerId);
  const unit = optionsOf(view, 'unitId').find((o) => o.text === 'Solgården')!;
  const values: Record<string, unknown> = {
    type: sel(type),
    unitId: sel(unit.value),
    occurredAt: dt(new Date(Date.now() - 3 * 3600_000)),
    location: txt('Korridoren'),
    description: txt('Brukaren fick fel läkemedel.'),
    immediateActions: txt('Kontaktade sjuksköterskan.'),
    konsekvens: sel('2'),
    sannolikhet: sel('2'),
    informed: sel('ja'),
    improvement: txt('Dubbelkontroll.'),
  };
  const start = t.slack.requests.length;
  const result = await user.submitUntilSaved(view, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: v }])));
  expect(result.status).toBe(200);
  const receiptCall = await t.slack.waitFor(
    (r) =>
      t.slack.requests.indexOf(r) >= start &&
      r.path.startsWith('/api/chat.postMessage') &&
      (r.body as any).channel === user.dmChannel &&
      /registrerat som AVV-/.test(JSON.stringify((r.body as any).blocks)),
    30_000,
  );
  const receipt = JSON.stringify((receiptCall.body as any).blocks);
  return { number: /AVV-\d{4}-\d{4}/.exec(receipt)![0], receipt };
}

describe('journey (Slack): reaching people who have not written to the bot', () => {
  let t: TestApp;
  let mia: SlackUser;
  let olle: SlackUser;
  let kim: SlackUser;

  beforeAll(async () => {
    t = await startTestApp();
    mia = new SlackUser(t.baseUrl, t.slack, 'U_MIA', 'mia', 'mia.medarbetare@exempel.se');
    // Members of the workspace who never open the bot: Slack knows their e-mail.
    olle = new SlackUser(t.baseUrl, t.slack, 'U_OLLE', 'olle', 'olle.omsorg@exempel.se');
    kim = new SlackUser(t.baseUrl, t.slack, 'U_KIM', 'kim', 'kim.kvalitet@exempel.se');
  });
  afterAll(async () => t?.stop());

  it('the enhetschef is found by e-mail and gets a DM; the receipt names him', async () => {
    const { number, receipt } = await reportFromHelp(t, mia, 'avvikelse');
    expect(receipt).toContain('Meddelande har skickats till Olle Omsorg');
    expect(receipt).not.toContain('Ansvarig har fått ett meddelande');
    const notice = await olle.waitForMessage((b) => b.includes(number) && b.includes('Nytt ärende'));
    expect(buttons(notice.blocks).some((b) => b.value.action === 'acknowledge')).toBe(true);
    expect(t.slack.calls('users.lookupByEmail').some((c) => c.body.email === 'olle.omsorg@exempel.se')).toBe(true);
    expect(t.slack.calls('conversations.open').some((c) => c.body.users === 'U_OLLE')).toBe(true);
  });

  it('a MAS not in Slack yet: the receipt says she will be told, the admin is told by name, and she gets it when she opens the app', async () => {
    const { number, receipt } = await reportFromHelp(t, mia, 'lex_maria');
    expect(receipt).toContain('Maria Modell går inte att nå i chatten ännu');
    await kim.waitForMessage((b) => b.includes('Maria Modell kan inte nås i chatten ännu'));

    // She joins the workspace and opens the app's Home tab: the waiting message goes out.
    const maria = new SlackUser(t.baseUrl, t.slack, 'U_MARIA', 'maria', 'maria.modell@exempel.se');
    expect((await maria.openHome()).status).toBe(200);
    const delivered = await maria.waitForMessage((b) => b.includes(number) && b.includes('Nytt ärende'));
    expect(buttons(delivered.blocks).some((b) => b.value.action === 'acknowledge')).toBe(true);
  });
});
