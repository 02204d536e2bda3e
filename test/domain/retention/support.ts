import type { Db } from 'mongodb';
import { AvvikelseService } from '../../../domain/avvikelser/flows.js';
import type { AvvikelseDoc } from '../../../domain/avvikelser/schema.js';
import { SynpunktService } from '../../../domain/synpunkter/flows.js';
import type { SynpunktDoc } from '../../../domain/synpunkter/schema.js';
import { caseDeps, people, SENTINEL } from '../cases/support.js';

export { people, SENTINEL };

/** Personal details the tests plant and then look for in documents and logs. */
export const PHONE = '070-555 12 34';
export const CONTACT_NAME = 'Eva Närståendesson';

/** The real case services on the real database, with the fake directory and recording notifier of the case tests. */
export async function caseWorld(db: Db, start: Date) {
  const deps = await caseDeps(db, start);
  const avvikelser = new AvvikelseService(deps);
  const synpunkter = new SynpunktService(deps);
  let n = 0;
  const token = () => `retention-${(n += 1)}-${Math.random().toString(36).slice(2, 10)}`;

  async function openAvvikelse(type: 'avvikelse' | 'lex_sarah' | 'lex_maria' = 'avvikelse'): Promise<AvvikelseDoc> {
    const r = await avvikelser.submit(people.mona, {
      token: token(),
      type,
      unitId: 'boende-a',
      occurredAt: new Date(deps.clock.now().getTime() - 3_600_000),
      location: `Avdelning 2 ${SENTINEL}`,
      description: `Läkemedel gavs för sent. ${SENTINEL}`,
      immediateActions: `Sjuksköterska kontaktades. ${SENTINEL}`,
      konsekvens: 3,
      sannolikhet: 2,
      informed: 'ja',
      improvement: SENTINEL,
    });
    return r.case;
  }

  /** Reported, acknowledged, (assessed for lex cases,) closed with a measure — all at the clock's current time. */
  async function closedAvvikelse(type: 'avvikelse' | 'lex_sarah' | 'lex_maria' = 'avvikelse'): Promise<AvvikelseDoc> {
    const doc = await openAvvikelse(type);
    const handler = type === 'lex_maria' ? people.maria : people.anna;
    await avvikelser.transition(doc._id, handler, { action: 'request_supplement', question: `Vem var där? ${SENTINEL}` });
    await avvikelser.supplement(doc._id, people.mona, `Det var nattpersonalen. ${SENTINEL}`);
    await avvikelser.transition(doc._id, handler, { action: 'acknowledge' });
    if (type !== 'avvikelse') {
      // The lex process: investigation, a decision that it is not serious, follow-up, then close.
      const investigator = type === 'lex_maria' ? people.maria : people.ulla;
      if (type === 'lex_sarah') await avvikelser.transition(doc._id, people.ava, { action: 'order_investigation' });
      const t = `Utredning. ${SENTINEL}`;
      await avvikelser.transition(doc._id, investigator, { action: 'record_investigation', whatHappened: t, consequences: t, causes: t, measuresTaken: t, personInformed: t });
      await avvikelser.transition(doc._id, type === 'lex_maria' ? people.maria : people.frida, { action: 'decide', finding: 'intraffat', serious: 'nej' });
      if (type === 'lex_maria') await avvikelser.transition(doc._id, people.maria, { action: 'inform_patient', informedAt: deps.clock.now(), how: 'muntligt' });
      await avvikelser.transition(doc._id, people.anna, { action: 'follow_up', note: `Ny rutin för läkemedel. ${SENTINEL}` });
    }
    await avvikelser.viewDetails(doc._id, handler);
    return (await avvikelser.transition(doc._id, type === 'avvikelse' ? handler : people.anna, { action: 'close', measure: `Ny rutin för läkemedel. ${SENTINEL}` })).case;
  }

  async function openSynpunkt(type: 'klagomal' | 'synpunkt' | 'forslag' | 'berom' = 'klagomal'): Promise<SynpunktDoc> {
    const r = await synpunkter.register(people.mona, {
      token: token(),
      type,
      source: 'narstaende',
      channel: 'telefon',
      receivedAt: deps.clock.now(),
      unitId: 'boende-a',
      topic: 'bemotande',
      description: `Dottern upplever att personalen inte lyssnar. ${SENTINEL}`,
      wantsAnswer: true,
      answerMethod: 'telefon',
      contact: { name: CONTACT_NAME, phone: PHONE },
    });
    return r.case;
  }

  async function closedSynpunkt(type: 'klagomal' | 'synpunkt' | 'forslag' | 'berom' = 'klagomal'): Promise<SynpunktDoc> {
    const doc = await openSynpunkt(type);
    await synpunkter.transition(doc._id, people.anna, { action: 'acknowledge' });
    await synpunkter.transition(doc._id, people.anna, { action: 'escalate', note: `Vill prata med chefen. ${SENTINEL}` });
    await synpunkter.transition(doc._id, people.ava, { action: 'answer', summary: `Vi ringde upp. ${SENTINEL}`, answeredAt: deps.clock.now() });
    return (await synpunkter.transition(doc._id, people.anna, { action: 'close' })).case;
  }

  return { deps, avvikelser, synpunkter, openAvvikelse, closedAvvikelse, openSynpunkt, closedSynpunkt };
}

/** A pino-compatible logger that keeps every line (object + message) as JSON text. */
export function captureLogger() {
  const lines: string[] = [];
  const write = (level: string) => (obj: object, msg?: string) => lines.push(JSON.stringify({ level, msg, ...obj }));
  return { lines, logger: { info: write('info'), warn: write('warn'), error: write('error') } };
}

