import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay, nextOfficeTime, stockholmDateTime, toStockholmDate } from '../../domain/calendar/swedish-calendar.js';
import { ManualClock } from '../support/manual-clock.js';
import { parseFrekvens } from '../../domain/paminnelser/frekvens.js';
import { SlackUser } from '../support/slack-client.js';
import { TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { drainOutbox, runCli } from './support.js';

/**
 * "A year in the life": a fresh app with the starter data; everybody in the example organisation opens the bot
 * (most in Teams, a few in Slack); the admin imports the example rutiner and internkontrollplan as the docs show; the
 * clock then jumps from one due moment to the next through 2027 and every reminder and escalation
 * the fakes receive is listed per person and date. Every recurring duty appears on a Swedish working day, exactly
 * once per due date and person. The list is written to ARSHJUL_OUT (default: the temp dir) as Markdown.
 */
const starter = (name: string) => readFileSync(path.resolve(import.meta.dirname, '../../starter-data', name), 'utf8');
const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

function isoFromSv(text: string): string | undefined {
  const m = /(\d{1,2}) ([a-zåäö]+) (\d{4})/.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!) + 1;
  return month ? `${m[3]}-${String(month).padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : undefined;
}

interface Delivered {
  date: string;
  person: string;
  channel: 'Teams' | 'Slack';
  title: string;
  what: string;
  stage: 'lead' | 'due' | 'escalation' | 'notice';
  due?: string;
  text: string;
}

describe('a year in the life: the årshjul 2027 from the starter data', () => {
  let t: TestApp;
  let clock: ManualClock;
  const env = { ADMIN_EMAILS: 'kim.kvalitet@exempel.se' };
  const byConversation = new Map<string, string>();
  const bySlackChannel = new Map<string, string>();
  const delivered: Delivered[] = [];

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-12-28T08:00:00Z')); // Monday 09:00
    t = await startTestApp({ clock, env });
    const people = starter('personer.csv')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(';'))
      .filter((c, i, all) => all.findIndex((d) => d[1] === c[1]) === i);
    // Slack allows one message a second per channel (honoured in real time), so the people with many duties are in
    // Teams and those with few in Slack: both channels, and the test stays quick.
    const inSlack = new Set(['pia.personal@exempel.se', 'sara.stab@exempel.se', 'mia.medarbetare@exempel.se', 'hugo.handlaggare@exempel.se', 'ulla.utredare@exempel.se', 'sam.sekreterare@exempel.se', 'vera.verksam@exempel.se', 'jonas.jour@exempel.se']);
    for (const [i, [name, email]] of people.entries()) {
      if (!inSlack.has(email!)) {
        const u = new TeamsUser(t.baseUrl, t.teams, name!, email!, `00000000-0000-4000-8000-0000000e${String(i).padStart(4, '0')}`);
        byConversation.set(u.conversationId, name!);
        await u.say('hjälp');
        await u.waitForCard(() => true);
      } else {
        const u = new SlackUser(t.baseUrl, t.slack, `U_Y${i}`, email!.split('@')[0]!, email!);
        bySlackChannel.set(u.dmChannel, name!);
        await u.dm('hjälp');
        await u.waitForMessage(() => true);
      }
    }
    for (const [cmd, file] of [['import-rutiner', 'rutiner.csv'], ['import-internkontroll', 'internkontrollplan.csv']] as const) {
      const r = await runCli(t, clock, ['reminders', cmd, path.resolve(import.meta.dirname, '../../starter-data', file)], env);
      expect(r.err).toBe('');
    }
  }, 120_000);
  afterAll(async () => t?.stop());

  function collect(date: string) {
    const teams = t.teams.sentActivities();
    for (const r of teams) {
      const conv = decodeURIComponent(/\/v3\/conversations\/([^/]+)\/activities/.exec(r.path)?.[1] ?? '');
      const person = byConversation.get(conv);
      if (person) record(date, person, 'Teams', String(r.body.text ?? ''));
    }
    for (const r of t.slack.requests.filter((x) => x.path.endsWith('chat.postMessage'))) {
      const body = r.body as Record<string, any>;
      const person = bySlackChannel.get(body.channel);
      if (person) record(date, person, 'Slack', String(body.text ?? ''));
    }
    t.teams.clear();
    t.slack.clear();
  }

  function record(date: string, person: string, channel: 'Teams' | 'Slack', text: string) {
    const [title = '', ...facts] = text.split('\n');
    const due = isoFromSv(facts.find((f) => f.startsWith('Senast:')) ?? '');
    let stage: Delivered['stage'] = 'notice';
    let what = title;
    if (title.startsWith('Påminnelse: ')) {
      what = title.slice('Påminnelse: '.length).replace(/ – (om \d+ dagar?|i dag)$/, '');
      stage = / – i dag$/.test(title) ? 'due' : 'lead';
    } else if (title.startsWith('Försenad: ')) {
      what = title.slice('Försenad: '.length);
      stage = 'escalation';
    }
    delivered.push({ date, person, channel, title, what, stage, text, ...(due ? { due } : {}) });
  }

  it('delivers every recurring duty of 2027 on a working day, exactly once per due date and person', async () => {
    const started = Date.now();
    const spent = { tick: 0, drain: 0, ticks: 0 };
    // Jump from one due moment to the next (never more than a week, so planning keeps ahead as it does in real
    // time); a nudge held back outside office hours is followed to the next opening.
    const nudges = t.app.mongo.db.collection('reminder_nudges');
    const end = stockholmDateTime('2028-01-01', '00:00').getTime();
    let now = clock.now().getTime();
    while (now < end) {
      const next = (await nudges.find({ status: 'pending' }).sort({ fireAt: 1 }).limit(1).toArray())[0]?.fireAt as Date | undefined;
      const week = now + 7 * 86_400_000;
      let target = next ? Math.min(next.getTime(), week) : week;
      if (target <= now) target = nextOfficeTime(new Date(now + 60_000)).getTime();
      now = Math.min(target, end);
      clock.set(new Date(now));
      let at = Date.now();
      await t.app.services.reminders().tick();
      spent.tick += Date.now() - at;
      spent.ticks++;
      at = Date.now();
      await drainOutbox(t, 60_000);
      spent.drain += Date.now() - at;
      collect(toStockholmDate(new Date(now)));
    }
    console.log(`${spent.ticks} ticks ${spent.tick} ms, drain ${spent.drain} ms`);
    const year = delivered.filter((d) => d.date.startsWith('2027'));
    const reminders = year.filter((d) => d.stage !== 'notice');

    // Nothing goes out on a day off; every due date is a working day.
    for (const d of year) expect(isWorkingDay(d.date), `${d.date} ${d.title}`).toBe(true);
    for (const d of reminders) expect(d.due && isWorkingDay(d.due), `${d.title} due ${d.due}`).toBe(true);

    // Exactly once per (duty, due date, person, stage).
    const keys = reminders.map((d) => `${d.what}|${d.due}|${d.person}|${d.stage}|${d.stage === 'lead' ? d.date : ''}`);
    expect(keys.length - new Set(keys).size).toBe(0);

    // Every recurring duty of the matrix, the rutiner and the internkontrollplan: its due-day reminders in 2027.
    const dueDay = (what: string) => new Set(reminders.filter((d) => d.stage === 'due' && d.what === what && d.due!.startsWith('2027')).map((d) => d.due));
    const expected: Array<{ what: string; perYear: number; board: boolean }> = [];
    for (const line of starter('ansvarsmatris.csv').trim().split('\n').slice(1)) {
      const [, aktivitet, ansvarig, frekvens] = line.split(';');
      const f = parseFrekvens(frekvens!);
      // Socialnämnden is the board, not a person: its duties reach nobody, so the admins are told instead.
      if (f.ok && f.schedule.kind === 'yearly_dates') expected.push({ what: aktivitet!, perYear: f.schedule.dates.length, board: ansvarig === 'Socialnämnden' });
    }
    for (const line of starter('rutiner.csv').trim().split('\n').slice(1)) {
      const [rutin, , , , months] = line.split(';');
      expected.push({ what: `Översyn av rutin: ${rutin}`, perYear: 12 / Number(months || 12), board: false });
    }
    for (const line of starter('internkontrollplan.csv').trim().split('\n').slice(1)) {
      const [moment, , frekvens] = line.split(';');
      const f = parseFrekvens(frekvens!);
      expected.push({ what: `Internkontroll: ${moment}`, perYear: f.ok && f.schedule.kind === 'yearly_dates' ? f.schedule.dates.length : 0, board: false });
    }
    expect(expected.length).toBeGreaterThan(35);
    const wrong = expected.filter((e) => !e.board && dueDay(e.what).size !== e.perYear).map((e) => `${e.what}: ${[...dueDay(e.what)].join(', ')} (väntat ${e.perYear})`);
    expect(wrong).toEqual([]);
    for (const e of expected.filter((x) => x.board)) {
      expect(dueDay(e.what).size, e.what).toBe(0);
      expect(year.some((d) => d.person === 'Kim Kvalitet' && d.stage === 'notice' && d.text.includes(e.what)), `admin told about ${e.what}`).toBe(true);
    }

    // Known dates: 1 March (a Monday in 2027), the quarter ends with 31 December moved to 30 December.
    expect(dueDay('Patientsäkerhetsberättelse')).toEqual(new Set(['2027-03-01']));
    expect(dueDay('Kvalitetsberättelse')).toEqual(new Set(['2027-03-01']));
    expect(dueDay('Rapportering av ej verkställda beslut')).toEqual(new Set(['2027-03-31', '2027-06-30', '2027-09-30', '2027-12-30']));
    expect(dueDay('Verksamhetsredovisning')).toEqual(new Set(['2027-03-31', '2027-08-31']));
    expect(dueDay('Internkontroll: Kontroll av läkemedelsförråd')).toContain('2027-01-29'); // 31 Jan is a Sunday
    expect(reminders.some((d) => d.what === 'Patientsäkerhetsberättelse' && d.person === 'Maria Modell' && d.stage === 'due' && d.date === '2027-03-01')).toBe(true);
    // Escalations go to the manager of the responsible person: the MAS's yearly berättelse to the förvaltningschef.
    expect(reminders.some((d) => d.what === 'Patientsäkerhetsberättelse' && d.stage === 'escalation' && d.person === 'Eva Exempelsson')).toBe(true);

    writeReport(year, Date.now() - started);
  }, 600_000);

  function writeReport(year: Delivered[], ms: number) {
    const out = process.env.ARSHJUL_OUT ?? path.join(tmpdir(), 'arshjul-2027.md');
    const stageSv = { lead: 'påminnelse', due: 'förfallodag', escalation: 'eskalering', notice: 'meddelande' } as const;
    const lines = [
      '# Årshjulet 2027 – vad som levererades',
      '',
      'Genererad av `test/journeys/year-in-the-life.test.ts`: en ny installation med exempeldata (`starter-data/`), alla',
      'i exempelorganisationen har öppnat boten (de flesta i Teams, några i Slack), administratören har importerat',
      '`rutiner.csv` och `internkontrollplan.csv`, ingen markerar något som klart. Klockan flyttas genom 2027 från ett',
      'utskick till nästa; listan är det som den falska Teams-anslutningen och det falska Slack-API:t tog emot.',
      '',
      `Totalt ${year.length} meddelanden: ${year.filter((d) => d.stage === 'lead').length} påminnelser före, ${year.filter((d) => d.stage === 'due').length} på förfallodagen, ${year.filter((d) => d.stage === 'escalation').length} eskaleringar, ${year.filter((d) => d.stage === 'notice').length} meddelanden till administratören.`,
      '',
    ];
    const people = [...new Set(year.map((d) => d.person))].sort((a, b) => a.localeCompare(b, 'sv'));
    for (const p of people) {
      const order = { lead: 0, due: 1, escalation: 2, notice: 3 } as const;
      const mine = year
        .filter((d) => d.person === p)
        .sort((a, b) => a.date.localeCompare(b.date) || order[a.stage] - order[b.stage] || a.what.localeCompare(b.what, 'sv'));
      lines.push(`## ${p} (${mine[0]!.channel}, ${mine.length})`, '', '| skickat | vad | senast | steg |', '| --- | --- | --- | --- |');
      for (const d of mine) lines.push(`| ${d.date} | ${d.what.replace(/\|/g, '/')} | ${d.due ?? ''} | ${stageSv[d.stage]} |`);
      lines.push('');
    }
    writeFileSync(out, lines.join('\n'));
    console.log(`årshjulet 2027: ${year.length} meddelanden i ${Math.round(ms / 1000)} s, listan i ${out}`);
  }
});
