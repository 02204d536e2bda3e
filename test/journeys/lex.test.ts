/**
 * Lex Sarah and lex Maria walked through every step, in Teams and in Slack, with the people of the starter matrix:
 * who is told what and when, the deadline of each step and the escalation when one passes, the IVO packet in the
 * dialog, and the audit trail. The real app over HTTP; only the clock is fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { swedishWorkingCalendar } from '../../domain/cases/calendar.js';
import { ManualClock } from '../support/manual-clock.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { choice, date, slackDriver, teamsDriver, text, type ChannelDriver, type Person, type TimelineEntry } from './lex-driver.js';

// Tuesday 1 December 2026, 10:00 in Stockholm: office hours, no holidays near.
const START = new Date('2026-12-01T09:00:00Z');
const SENTINEL = 'SENTINEL-LEX-KLIENT-4242';

const P = {
  hugo: { key: 'hugo', email: 'hugo.handlaggare@exempel.se' },
  bo: { key: 'bo', email: 'bo.barn@exempel.se' },
  ivar: { key: 'ivar', email: 'ivar.individ@exempel.se' },
  ulla: { key: 'ulla', email: 'ulla.utredare@exempel.se' },
  eva: { key: 'eva', email: 'eva.exempelsson@exempel.se' },
  sam: { key: 'sam', email: 'sam.sekreterare@exempel.se' },
  mia: { key: 'mia', email: 'mia.medarbetare@exempel.se' },
  olle: { key: 'olle', email: 'olle.omsorg@exempel.se' },
  maria: { key: 'maria', email: 'maria.modell@exempel.se' },
} satisfies Record<string, Person>;

const teamsPeople = Object.fromEntries(
  Object.keys(P).map((k, i) => [k, { name: k[0]!.toUpperCase() + k.slice(1), aad: `00000000-0000-4000-8000-0000000015${String(i).padStart(2, '0')}` }]),
);
const slackIds = Object.fromEntries(Object.keys(P).map((k) => [k, `U_LEX_${k.toUpperCase()}`]));

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

type Setup = { t: TestApp; clock: ManualClock; drive: ChannelDriver; timeline: TimelineEntry[] };

async function setup(channel: 'teams' | 'slack'): Promise<Setup> {
  const clock = new ManualClock(START);
  const t = await startTestApp({ clock });
  const timeline: TimelineEntry[] = [];
  const drive = channel === 'teams' ? teamsDriver(t, clock, teamsPeople, timeline) : slackDriver(t, clock, slackIds, timeline);
  for (const p of Object.values(P)) await drive.hello(p);
  return { t, clock, drive, timeline };
}

/** Moves the clock to 10:00 Stockholm two working days after a step's deadline (when the reminder engine escalates) and runs it once. */
async function passDeadline(s: Setup, due: Date) {
  const day = swedishWorkingCalendar.addWorkingDays(due, 2);
  s.clock.set(new Date(`${isoDay(day)}T09:00:00Z`));
  await s.t.app.services.reminders().tick();
}

async function caseDoc(s: Setup, number: string) {
  return (await s.t.app.mongo.db.collection('cases').findOne({ number }))!;
}

async function auditOf(s: Setup, caseId: string) {
  const entries = await s.t.app.mongo.db.collection('case_audit').find({ caseId }).sort({ at: 1 }).toArray();
  return entries.map((e) => `${e.action} by ${e.actorName}`);
}

/** After an action the acting person gets the new state with the next buttons (Teams: card, Slack: DM). */
const resultOf = (s: Setup, p: Person, number: string, step: string) => s.drive.waitFor(p, [number, step], `${p.key}: resultat "${step}"`);

for (const channel of ['teams', 'slack'] as const) {
  describe(`lex Sarah, every step, in ${channel}`, () => {
    let s: Setup;
    beforeAll(async () => {
      s = await setup(channel);
    });
    afterAll(async () => s?.t.stop());

    it('report → received → investigation ordered → investigated → decided → IVO → IVO decision → followed up → closed', async () => {
      const { drive, timeline } = s;
      const number = await drive.report(P.hugo, {
        type: 'lex_sarah',
        unit: 'Barn och unga',
        description: `${SENTINEL}: den unge fick inte den beslutade insatsen på tre veckor.`,
        immediateActions: 'Insatsen sattes in samma dag.',
      });

      // Received at once: the enhetschef and the decision-maker (förvaltningschef) are told.
      const toBo = await drive.waitFor(P.bo, [number, 'Nytt ärende: Lex Sarah'], 'enhetschef: ny rapport');
      await drive.waitFor(P.eva, [number, 'Nytt ärende: Lex Sarah'], 'förvaltningschef: ny rapport');
      expect(toBo.json).not.toContain(SENTINEL);
      await drive.act(P.bo, toBo, 'acknowledge');
      await drive.waitFor(P.hugo, [`Ditt ärende ${number} har uppdaterats`, 'Mottagen'], 'rapportören: mottagen');

      // The avdelningschef orders the investigation; the utredare from the matrix gets it with a deadline.
      const toIvar = await drive.waitFor(P.ivar, [`Ge utredningsuppdrag: lex Sarah ${number}`], 'avdelningschef: ge utredningsuppdrag');
      await drive.act(P.ivar, toIvar, 'order_investigation');
      const toUlla = await drive.waitFor(P.ulla, [`Utredningsuppdrag till dig: Lex Sarah ${number}`], 'utredare: utredningsuppdrag');
      const ordered = await caseDoc(s, number);
      expect(ordered.status).toBe('under_utredning');
      const investigationDue = ordered.deadlines.investigation as Date;
      expect(investigationDue).toBeInstanceOf(Date);

      // The investigation is late: two working days after its deadline the utredare's manager is told.
      await passDeadline(s, investigationDue);
      await drive.waitFor(P.ivar, [`Utredningen ska vara klar: ${number}`], 'avdelningschef: eskalering, utredningen är försenad');

      // The utredare records the SOSFS 2011:5 content.
      await drive.act(P.ulla, toUlla, 'record_investigation', {
        whatHappened: text(`${SENTINEL}: beslutet verkställdes inte.`),
        consequences: text('Den unge stod utan stöd i tre veckor.'),
        causes: text('Överlämningen mellan handläggare brast.'),
        measuresTaken: text('Insatsen verkställd; ärendet fördelat om.'),
        measuresPlanned: text('Rutin för överlämning vid frånvaro.'),
        personInformed: text('Vårdnadshavare informerades muntligt.'),
      });
      const toEva = await drive.waitFor(P.eva, [`Beslut behövs: Lex Sarah ${number}`], 'förvaltningschef: beslut behövs');
      expect(toEva.json).not.toContain(SENTINEL);

      await drive.act(P.eva, toEva, 'decide', { finding: choice('risk'), serious: choice('ja') });
      const decided = await resultOf(s, P.eva, number, 'Allvarligt – anmäls till IVO snarast');
      expect((await caseDoc(s, number)).deadlines.ivo_report).toBeInstanceOf(Date);

      // The IVO packet is in the "Anmäld till IVO" dialog; opening it is audited.
      const dialog = await drive.peekDialog(P.eva, decided, 'report_ivo');
      for (const part of ['Underlag till IVO', 'Överlämningen mellan handläggare brast.', 'Påtaglig risk för missförhållande, allvarligt', number, 'Barn och unga']) {
        expect(dialog).toContain(part);
      }
      expect(dialog).not.toContain('Hugo');
      await drive.act(P.eva, decided, 'report_ivo', { reportedAt: date(isoDay(s.clock.now())), reference: text('3.5.1-40001/2026') });

      // The nämnd is told of the IVO report; the enhetschef gets the follow-up of the measures.
      await drive.waitFor(P.sam, [`För kännedom till nämnden: Lex Sarah ${number} är anmäld till IVO`], 'nämnden: anmäld till IVO');
      const followUp = await drive.waitFor(P.bo, [`Följ upp åtgärderna: Lex Sarah ${number}`], 'enhetschef: följ upp åtgärderna');
      const reported = await resultOf(s, P.eva, number, 'väntar på IVO:s beslut');
      await drive.act(P.eva, reported, 'record_ivo_decision', { decidedAt: date(isoDay(s.clock.now())), outcome: choice('avslutat'), reference: text('3.5.1-40001/2026') });
      await drive.waitFor(P.sam, [`IVO har beslutat i Lex Sarah ${number}`], 'nämnden: IVO:s beslut');
      await drive.waitFor(P.bo, [`IVO har beslutat: Lex Sarah ${number}`], 'enhetschef: IVO:s beslut');

      await drive.act(P.bo, followUp, 'follow_up', { note: text('Rutinen för överlämning är införd och följs.') });
      const toClose = await drive.waitFor(P.eva, [`Åtgärderna är uppföljda: Lex Sarah ${number}`], 'förvaltningschef: åtgärderna uppföljda');
      await drive.act(P.eva, toClose, 'close', {});
      await drive.waitFor(P.hugo, [`Ditt ärende ${number} har uppdaterats`, 'Avslutad'], 'rapportören: avslutad');

      const final = await caseDoc(s, number);
      expect(final.status).toBe('avslutad');
      expect(final.lex.namndInformed.map((n: { what: string }) => n.what)).toEqual(['ivo_anmalan', 'ivo_beslut']);
      expect(final.ivo.reference).toBe('3.5.1-40001/2026');

      // Every step is in the audit trail, by the person whose role the matrix names.
      const audit = await auditOf(s, String(final._id));
      expect(audit).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^created by /),
          expect.stringMatching(/^transition\.acknowledge by /),
          expect.stringMatching(/^transition\.order_investigation by /),
          expect.stringMatching(/^transition\.record_investigation by /),
          expect.stringMatching(/^transition\.decide by /),
          expect.stringMatching(/^ivo_packet\.exported by /),
          expect.stringMatching(/^transition\.report_ivo by /),
          expect.stringMatching(/^transition\.record_ivo_decision by /),
          expect.stringMatching(/^transition\.follow_up by /),
          expect.stringMatching(/^transition\.close by /),
        ]),
      );

      // Who was told what, and when (the fake clock's time when the message arrived).
      expect(timeline.map((e) => `${e.to}: ${e.title}`)).toEqual([
        'bo: enhetschef: ny rapport',
        'eva: förvaltningschef: ny rapport',
        'hugo: rapportören: mottagen',
        'ivar: avdelningschef: ge utredningsuppdrag',
        'ulla: utredare: utredningsuppdrag',
        'ivar: avdelningschef: eskalering, utredningen är försenad',
        'eva: förvaltningschef: beslut behövs',
        'eva: eva: resultat "Allvarligt – anmäls till IVO snarast"',
        'sam: nämnden: anmäld till IVO',
        'bo: enhetschef: följ upp åtgärderna',
        'eva: eva: resultat "väntar på IVO:s beslut"',
        'sam: nämnden: IVO:s beslut',
        'bo: enhetschef: IVO:s beslut',
        'eva: förvaltningschef: åtgärderna uppföljda',
        'hugo: rapportören: avslutad',
      ]);
      const escalation = timeline.find((e) => e.title.includes('eskalering'))!;
      expect(new Date(escalation.at).getTime()).toBeGreaterThan(investigationDue.getTime());

      // No client text in any chat message.
      const sent = channel === 'teams' ? s.t.teams.sentActivities().map((a) => a.body) : s.t.slack.calls('chat.postMessage').map((c) => c.body);
      for (const body of sent) expect(JSON.stringify(body)).not.toContain(SENTINEL);
    });
  });

  describe(`lex Maria, every step, in ${channel}`, () => {
    let s: Setup;
    beforeAll(async () => {
      s = await setup(channel);
    });
    afterAll(async () => s?.t.stop());

    it('the enhetschef and the MAS are told; the MAS investigates, decides, reports, informs the patient; the nämnd is told', async () => {
      const { drive, timeline } = s;
      const number = await drive.report(P.mia, {
        type: 'lex_maria',
        unit: 'Solgården',
        description: `${SENTINEL}: patienten fick dubbel dos insulin.`,
        immediateActions: 'Sjuksköterska och läkare kontaktades, blodsocker kontrollerades.',
      });
      const toOlle = await drive.waitFor(P.olle, [number, 'Nytt ärende: Lex Maria'], 'enhetschef: ny rapport');
      await drive.waitFor(P.maria, [number, 'Nytt ärende: Lex Maria'], 'MAS: ny rapport');
      await drive.act(P.olle, toOlle, 'acknowledge');
      await drive.waitFor(P.mia, [`Ditt ärende ${number} har uppdaterats`, 'Mottagen'], 'rapportören: mottagen');
      const toMaria = await drive.waitFor(P.maria, [`Utredningsuppdrag till dig: Lex Maria ${number}`], 'MAS: utred');

      await drive.act(P.maria, toMaria, 'record_investigation', {
        whatHappened: text('Insulin gavs två gånger samma morgon.'),
        consequences: text('Lågt blodsocker, övervakning i sex timmar.'),
        causes: text('Signeringslistan fanns inte vid läkemedelsvagnen.'),
        measuresTaken: text('Signeringslistan flyttad, personalen informerad.'),
        measuresPlanned: text('Digital signering.'),
        personInformed: text('Patienten och dottern informerades samma dag.'),
      });
      const investigated = await resultOf(s, P.maria, number, 'Utredd – beslut ska fattas');
      await drive.act(P.maria, investigated, 'decide', { finding: choice('intraffat'), serious: choice('ja') });
      const decided = await resultOf(s, P.maria, number, 'Allvarligt – anmäls till IVO snarast');
      const ivoDue = (await caseDoc(s, number)).deadlines.ivo_report as Date;

      // "Snarast" has passed: two working days after the deadline the MAS's manager is told.
      await passDeadline(s, ivoDue);
      await drive.waitFor(P.eva, [`Anmäl till IVO snarast: ${number}`], 'förvaltningschef: eskalering, IVO-anmälan försenad');

      // The packet for IVO's e-service is in the report dialog.
      const dialog = await drive.peekDialog(P.maria, decided, 'report_ivo');
      for (const part of ['Underlag till IVO', 'Signeringslistan fanns inte vid läkemedelsvagnen.', 'Vårdskada, allvarligt', 'Patientsäkerhetslagen (2010:659) 3 kap. 8 §']) {
        expect(dialog).toContain(part);
      }
      await drive.act(P.maria, decided, 'report_ivo', { reportedAt: date(isoDay(s.clock.now())), reference: text('3.5.1-50002/2026') });
      expect((await caseDoc(s, number)).ivo.reference).toBe('3.5.1-50002/2026');
      await drive.waitFor(P.sam, [`För kännedom till nämnden: Lex Maria ${number} är anmäld till IVO`], 'nämnden: anmäld till IVO');
      const followUp = await drive.waitFor(P.olle, [`Följ upp åtgärderna: Lex Maria ${number}`], 'enhetschef: följ upp åtgärderna');

      const afterReport = await resultOf(s, P.maria, number, 'väntar på IVO:s beslut');
      await drive.act(P.maria, afterReport, 'inform_patient', { informedAt: date(isoDay(s.clock.now())), how: choice('muntligt_och_skriftligt') });
      const afterInform = await resultOf(s, P.maria, number, 'Patienten informerad');
      await drive.act(P.maria, afterInform, 'record_ivo_decision', { decidedAt: date(isoDay(s.clock.now())), outcome: choice('avslutat_med_kritik') });
      await drive.waitFor(P.sam, [`IVO har beslutat i Lex Maria ${number}`, 'Avslutat med kritik'], 'nämnden: IVO:s beslut');
      await drive.waitFor(P.olle, [`IVO har beslutat: Lex Maria ${number}`], 'enhetschef: IVO:s beslut');

      await drive.act(P.olle, followUp, 'follow_up', { note: text('Digital signering införd.') });
      const toClose = await drive.waitFor(P.maria, [`Åtgärderna är uppföljda: Lex Maria ${number}`], 'MAS: åtgärderna uppföljda');
      await drive.act(P.maria, toClose, 'close', {});
      await drive.waitFor(P.mia, [`Ditt ärende ${number} har uppdaterats`, 'Avslutad'], 'rapportören: avslutad');

      const final = await caseDoc(s, number);
      expect(final.status).toBe('avslutad');
      expect(final.lex.patientInformed.how).toBe('muntligt_och_skriftligt');
      expect(final.lex.ivoDecision.outcome).toBe('avslutat_med_kritik');
      expect(final.handlerIds).toEqual(expect.arrayContaining([P.olle.email, P.maria.email]));
      const audit = await auditOf(s, String(final._id));
      for (const step of ['acknowledge', 'record_investigation', 'decide', 'report_ivo', 'inform_patient', 'record_ivo_decision', 'follow_up', 'close']) {
        expect(audit.some((a) => a.startsWith(`transition.${step} by `)), step).toBe(true);
      }
      expect(audit.some((a) => a.startsWith('ivo_packet.exported by '))).toBe(true);

      expect(timeline.map((e) => `${e.to}: ${e.title}`)).toEqual(
        expect.arrayContaining([
          'olle: enhetschef: ny rapport',
          'maria: MAS: ny rapport',
          'maria: MAS: utred',
          'eva: förvaltningschef: eskalering, IVO-anmälan försenad',
          'sam: nämnden: anmäld till IVO',
          'olle: enhetschef: följ upp åtgärderna',
          'sam: nämnden: IVO:s beslut',
          'olle: enhetschef: IVO:s beslut',
          'mia: rapportören: avslutad',
        ]),
      );
    });
  });
}
