import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ivoPacketMarkdown, type IvoPacket } from '../../../domain/avvikelser/ivo-packet.js';
import { AvvikelseService } from '../../../domain/avvikelser/flows.js';
import { AppError } from '../../../domain/errors.js';
import { openTestDb } from '../../support/mongo.js';
import { caseDeps, people } from '../cases/support.js';

const START = new Date('2026-04-02T08:00:00Z');
let env: Awaited<ReturnType<typeof openTestDb>>;
let deps: Awaited<ReturnType<typeof caseDeps>>;
let service: AvvikelseService;
let seq = 0;

function report(type: 'lex_sarah' | 'lex_maria') {
  seq += 1;
  return {
    token: `ivo-${seq}-abcdefgh`,
    type,
    unitId: 'boende-a',
    occurredAt: new Date('2026-04-01T18:30:00Z'),
    location: 'Korridoren',
    description: 'Brukaren lämnades ensam hela kvällen.',
    immediateActions: 'Extra personal sattes in.',
    konsekvens: 3,
    sannolikhet: 3,
    informed: 'ja',
    improvement: '',
  };
}
const investigation = {
  action: 'record_investigation',
  whatHappened: 'Kvällspasset var obemannat.',
  consequences: 'Brukaren fick inte mat eller tillsyn.',
  causes: 'Sjukfrånvaro utan ersättare.',
  measuresTaken: 'Bemanningsrutinen ändrad.',
  measuresPlanned: 'Uppföljning om tre månader.',
  personInformed: 'Brukaren och sonen informerades 2 april.',
};

const fields = (p: IvoPacket) => Object.fromEntries(p.sections.flatMap((s) => s.fields.map((f) => [f.key, f.value])));

beforeAll(async () => {
  env = await openTestDb('ivo_packet');
});
afterAll(async () => env.close());
beforeEach(async () => {
  deps = await caseDeps(env.db, START);
  service = new AvvikelseService(deps);
});

describe('IVO packet', () => {
  it('lex Sarah: every field IVO asks for, filled from the case, nothing about the reporter or the client identity', async () => {
    const { case: c } = await service.submit(people.mona, report('lex_sarah'));
    await service.transition(c._id, people.anna, { action: 'acknowledge' });
    await service.transition(c._id, people.ava, { action: 'order_investigation' });
    await service.transition(c._id, people.ulla, investigation);
    await service.transition(c._id, people.frida, { action: 'decide', finding: 'intraffat', serious: 'ja' });

    const packet = await service.ivoPacket(c._id, people.frida);
    expect(packet.legalBasis).toBe('Socialtjänstlagen (2025:400), LSS 24 a–g §§, SOSFS 2011:5');
    expect(packet.sections.map((s) => s.heading)).toEqual([
      'Den som anmäler (nämnd/verksamhet)',
      'Missförhållandet',
      'Utredningen',
      'Information till den enskilde',
      'Bedömning och beslut',
    ]);
    expect(fields(packet)).toEqual({
      organisation: 'Socialförvaltningen',
      unit: 'Socialförvaltningen / Vård och omsorg / Solgårdens särskilda boende',
      privateProvider: 'Nej',
      contact: 'Frida Förvaltningschef',
      occurredAt: '2026-04-01',
      reportedAt: '2026-04-02',
      caseNumber: c.number,
      whatHappened: 'Kvällspasset var obemannat.',
      immediateActions: 'Extra personal sattes in.',
      person: expect.stringMatching(/fylls i direkt i IVO:s e-tjänst/),
      consequences: 'Brukaren fick inte mat eller tillsyn.',
      causes: 'Sjukfrånvaro utan ersättare.',
      measuresTaken: 'Bemanningsrutinen ändrad.',
      measuresPlanned: 'Uppföljning om tre månader.',
      investigatedAt: '2026-04-02',
      personInformed: 'Brukaren och sonen informerades 2 april.',
      decision: 'Missförhållande, allvarligt',
      decidedAt: '2026-04-02',
      decidedBy: 'Frida Förvaltningschef',
    });
    const md = ivoPacketMarkdown(packet);
    expect(md).toContain(`# Anmälan enligt lex Sarah – underlag (${c.number})`);
    expect(md).toContain('**Orsaker:** Sjukfrånvaro utan ersättare.');
    // The reporter is never named (staff who report are protected) and there is no place for a personnummer.
    expect(md).not.toContain(people.mona.name);
    expect(md).not.toMatch(/personnummer/i);

    // The export is audited, and only the decider / sender (or an admin) may take it.
    const audit = (await deps.audit.listForCase(c._id)).filter((a) => a.action === 'ivo_packet.exported');
    expect(audit).toEqual([expect.objectContaining({ actorId: 'frida', data: { via: 'chat' } })]);
    await expect(service.ivoPacket(c._id, people.ulla)).rejects.toBeInstanceOf(AppError);
    await expect(service.ivoPacket(c._id, people.otto)).rejects.toMatchObject({ code: 'avvikelse.lex_not_your_step' });
  });

  it('lex Maria: the patient information (PSL 3 kap. 8 §) and the HSLF-FS 2017:41 basis; missing parts say so', async () => {
    const { case: c } = await service.submit(people.mona, report('lex_maria'));
    await service.transition(c._id, people.anna, { action: 'acknowledge' });
    await service.transition(c._id, people.maria, investigation);
    let packet = await service.ivoPacket(c._id, people.maria);
    expect(fields(packet).decision).toBe('(saknas i ärendet – fyll i)');
    await service.transition(c._id, people.maria, { action: 'decide', finding: 'risk', serious: 'ja' });
    await service.transition(c._id, people.maria, { action: 'inform_patient', informedAt: START, how: 'muntligt' });
    packet = await service.ivoPacket(c._id, people.maria);
    expect(packet.legalBasis).toBe('Patientsäkerhetslagen (2010:659) 3 kap. 5 §, HSLF-FS 2017:41');
    expect(packet.sections[0]!.heading).toBe('Vårdgivaren');
    expect(packet.sections[3]!.heading).toBe('Information till patienten (Patientsäkerhetslagen (2010:659) 3 kap. 8 §)');
    expect(fields(packet)).toMatchObject({ patientInformed: '2026-04-02, muntligt', decision: 'Risk för vårdskada, allvarligt', decidedBy: 'Maria MAS' });
  });

  it('is refused for an avvikelse that is not lex Sarah or lex Maria', async () => {
    const { case: c } = await service.submit(people.mona, { ...report('lex_sarah'), type: 'avvikelse' });
    await expect(service.ivoPacket(c._id, people.anna)).rejects.toMatchObject({ code: 'avvikelse.lex_only' });
  });
});
