import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { postSlashCommand, slashCommandFields } from '../support/fake-slack-api.js';
import { dt, optionsOf, sel, SlackUser, txt } from '../support/slack-client.js';
import { choices, dialogCard, submitActions, TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FORMS, identityNumber, rng, validCorpus } from './support/corpus.js';

/**
 * Every real entry point over HTTP, each with every written form plus a random sample of the generated corpus:
 * refused with the Swedish explanation, nothing stored, the number in no log line and in no audit entry.
 */
const TUESDAY_10 = new Date('2026-11-24T09:00:00Z');
const r = rng(4242);
const everyForm = Object.entries(FORMS).map(([form, write]) => ({ form, text: write(identityNumber(r, { year: 2000 + (form.length % 10) })) }));
const sample = validCorpus(99, 400).filter((_, i) => i % 40 === 0);
const texts = [...everyForm, ...sample];
const WARNING = /Texten innehåller ett personnummer eller samordningsnummer/;
const digits = (s: string) => s.replace(/\D/g, '');

/** Runs `fn` over `items` with at most `limit` at a time. */
async function bounded<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  }));
}

describe('personnummer refused at every entry point (real HTTP, every form)', () => {
  let t: TestApp;
  let mia: TeamsUser;
  let olle: TeamsUser;
  let anna: SlackUser;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(TUESDAY_10);
    t = await startTestApp({ clock });
    mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-00000000b001');
    olle = new TeamsUser(t.baseUrl, t.teams, 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-00000000b002');
    anna = new SlackUser(t.baseUrl, t.slack, 'U_MIA', 'mia', 'mia.medarbetare@exempel.se');
    for (const u of [mia, olle]) expect((await u.say('hjälp')).status).toBe(200);
    expect((await anna.dm('hjälp')).status).toBe(200);
    await anna.waitForMessage((b) => b.includes('kvalitetsboten'));
  });
  afterAll(async () => {
    // No number of the corpus in any log line, whatever path it took.
    const logText = JSON.stringify(t?.logs ?? []);
    for (const s of texts) expect(logText.includes(digits(s.text).slice(-10)), `${s.form} reached a log line`).toBe(false);
    await t?.stop();
  });

  const storedNothing = async () => {
    const db = t.app.mongo.db;
    expect(await db.collection('cases').countDocuments()).toBe(0);
    const audit = JSON.stringify([...(await db.collection('audit').find().toArray()), ...(await db.collection('case_audit').find().toArray())]);
    for (const s of texts) expect(audit.includes(digits(s.text).slice(-10)), s.form).toBe(false);
  };

  it(`Teams chat text: ${texts.length} messages, all answered with the warning and nothing else`, async () => {
    t.teams.clear();
    await bounded(texts, 4, async (s) => {
      expect((await mia.say(`Hej, gäller ${s.text}`)).status).toBe(200);
    });
    const replies = mia.received();
    expect(replies).toHaveLength(texts.length);
    for (const reply of replies) expect(JSON.stringify(reply)).toMatch(/Skriv inte personnummer i chatten/);
    await storedNothing();
  });

  it(`Slack DM text: ${texts.length} messages, all answered with the warning`, async () => {
    t.slack.clear();
    await bounded(texts, 4, async (s) => {
      expect((await anna.dm(`vem ansvarar för ${s.text}`)).status).toBe(200);
    });
    const deadline = Date.now() + 20_000;
    while (t.slack.calls('chat.postMessage').length < texts.length && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    const posts = t.slack.calls('chat.postMessage');
    expect(posts).toHaveLength(texts.length);
    for (const p of posts) expect(JSON.stringify(p.body)).toMatch(/Skriv inte personnummer i chatten/);
    await storedNothing();
  });

  for (const command of ['/vemansvarar', '/kvalitet', '/avvikelse', '/synpunkt']) {
    it(`Slack ${command} with the number in its arguments: refused in the acknowledgement, no listener runs`, async () => {
      t.slack.clear();
      await bounded(texts, 4, async (s) => {
        const res = await postSlashCommand(t.baseUrl, slashCommandFields(`${t.slack.url}/response/x`, command, s.text, 'U_MIA'));
        expect(res.status).toBe(200);
        const body = await res.text();
        expect(body, s.form).toMatch(/Skriv inte personnummer i chatten/);
        expect(body).not.toContain(digits(s.text).slice(-4) + '"');
      });
      // Nothing was opened, looked up or answered later.
      await new Promise((res) => setTimeout(res, 200));
      expect(t.slack.requests.filter((q) => !q.path.startsWith('/api/auth.test'))).toEqual([]);
      await storedNothing();
    });
  }

  it('Teams avvikelse form: the number in "what happened" or "where" keeps the form open with the error, nothing saved', async () => {
    const open = await mia.invoke('task/fetch', { data: { kbAction: 'avvikelse.report.open' } });
    const card = dialogCard(open.body);
    const submit = submitActions(card).find((a) => a.data.kbForm === 'avvikelse')!.data;
    const unit = choices(card, 'unitId').find((c) => c.title === 'Solgården')!;
    const base = {
      ...submit,
      type: 'avvikelse',
      unitId: unit.value,
      occurredAt__date: DateTime.fromJSDate(TUESDAY_10).setZone('Europe/Stockholm').minus({ days: 1 }).toISODate()!,
      occurredAt__time: '14:30',
      location: 'Matsalen',
      description: 'Brukaren halkade vid bordet.',
      konsekvens: '2',
      sannolikhet: '3',
      informed: 'ja',
    };
    const cases = texts.flatMap((s) => [{ ...s, field: 'description' }, { ...s, field: 'location' }]);
    await bounded(cases, 4, async (s) => {
      const res = await mia.invoke('task/submit', { data: { ...base, [s.field]: `Brukaren ${s.text} föll.` } });
      expect(res.body.task.type, `${s.form} in ${s.field}`).toBe('continue');
      expect(JSON.stringify(dialogCard(res.body))).toMatch(WARNING);
    });
    await storedNothing();
  });

  it('Slack avvikelse modal: the number in a text field is an error next to the field, nothing saved', async () => {
    const { triggerId } = await anna.command('/avvikelse');
    const view = await anna.openedView(triggerId);
    const unit = optionsOf(view, 'unitId').find((o) => o.text === 'Solgården')!;
    const values = (description: string) =>
      Object.fromEntries(
        Object.entries({
          type: sel('avvikelse'),
          unitId: sel(unit.value),
          occurredAt: dt(new Date(TUESDAY_10.getTime() - 26 * 3600_000)),
          location: txt('Korridoren'),
          description: txt(description),
          konsekvens: sel('2'),
          sannolikhet: sel('2'),
          informed: sel('ja'),
        }).map(([k, v]) => [k, { [k]: v }]),
      );
    await bounded(texts, 4, async (s) => {
      const result = await anna.submit(view, values(`Brukaren ${s.text} fick fel läkemedel.`));
      expect(result.body?.response_action, s.form).toBe('errors');
      expect(String(result.body.errors.description)).toMatch(WARNING);
    });
    await storedNothing();
  });

  it('reminder "Klar": a number in the evidence link or the comment is refused, the occurrence stays open, the audit trail clean', async () => {
    const service = t.app.services.reminders().service;
    await service.upsertCaseDeadline({
      caseId: 'rutin-x',
      kind: 'revision',
      title: 'Revidera rutinen för fallprevention',
      dueAt: '2026-11-24',
      recipients: [{ kind: 'person', personId: 'olle.omsorg@exempel.se' }],
    });
    await t.app.services.reminders().tick();
    const nudge = await olle.waitForCard((c) => c.includes('Revidera rutinen för fallprevention'));
    const occurrence = submitActions(nudge).find((a) => a.data.kbAction === 'reminder.occurrence.snooze_1d')!.data.occurrence as string;
    const open = await olle.invoke('task/fetch', { data: { kbAction: 'reminder.occurrence.done', occurrence } });
    const submit = submitActions(dialogCard(open.body)).find((a) => a.data.kbForm === 'reminder.done')!;
    const cases = texts.flatMap((s) => [
      { ...s, data: { comment: `Genomgången med ${s.text}` } },
      { ...s, data: { link: `https://intranat.exempel.se/akt?pnr=${s.text.replace(/\D+$/, '').replace(/^\D+/, '').replace(/\s/g, '%20')}` } },
    ]);
    await bounded(cases, 4, async (s) => {
      const res = await olle.invoke('task/submit', { data: { ...submit.data, ...s.data } });
      expect(res.body.task.type, `${s.form}: ${JSON.stringify(s.data)}`).toBe('continue');
      expect(JSON.stringify(dialogCard(res.body))).toMatch(WARNING);
    });
    const stored = await t.app.mongo.db.collection<{ _id: string; [field: string]: unknown }>('reminder_occurrences').findOne({ _id: occurrence });
    expect(stored?.status).toBe('open');
    await storedNothing();
  });
});
