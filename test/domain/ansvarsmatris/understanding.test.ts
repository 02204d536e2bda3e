import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, questionLocale, type AnswerResult } from '../../../domain/ansvarsmatris/answer.js';
import { buildDirectory, type OrgDirectory } from '../../../domain/ansvarsmatris/directory.js';
import { buildSearchIndex, type AnsvarSearch } from '../../../domain/ansvarsmatris/search.js';
import { negatedWords } from '../../../domain/ansvarsmatris/text.js';
import { loadStarterSnapshot } from './question-set.js';

/** How staff ask, one feature per case, on the example data (the kinds of miss seen in real questions). */
let d: OrgDirectory;
let s: AnsvarSearch;
beforeAll(async () => {
  const snap = await loadStarterSnapshot();
  d = buildDirectory(snap, 1);
  s = buildSearchIndex(snap);
});
const ask = (q: string, unitId = 'Solgården'): AnswerResult => answerQuestion(d, s, q, { unitId });
const activity = (r: AnswerResult) => (r.kind === 'activity' ? r.best.aktivitet : r.kind);
const roles = (r: AnswerResult) => (r.kind === 'activity' ? r.best.roles.map((x) => x.roleName) : []);

describe('the matcher reads Swedish as staff write it', () => {
  it('a verb the row does not use: "skriver" for "upprätta", "tar fram", "sammanställer"', () => {
    for (const q of ['vem skriver patientsäkerhetsberättelsen', 'vem tar fram patientsäkerhetsberättelsen', 'vem sammanställer patientsäkerhetsberättelsen']) {
      expect(activity(ask(q)), q).toBe('Patientsäkerhetsberättelse');
    }
  });

  it('words written together: "lexmaria"', () => {
    expect(activity(ask('lexmaria'))).toBe('Lex Maria: analysera, utreda och anmäla vårdskador');
  });

  it('negation: "allvarliga klagomål som inte är lex Maria" is not answered with the lex Maria row', () => {
    const r = ask('vem tar hand om allvarliga klagomål som inte är lex Maria');
    expect(activity(r)).not.toMatch(/Lex Maria/);
    expect(roles(r)).not.toContain('MAS');
  });

  it('"till vem": the one who reports to MAS is never MAS itself', () => {
    const r = ask('vem rapporterar lex Maria till MAS');
    expect(roles(r)).not.toContain('MAS');
  });

  it('egenkontroll is not internkontroll', () => {
    expect(activity(ask('vem ansvarar för egenkontroll'))).not.toMatch(/internkontroll/i);
  });

  it('a question about something the matrix does not cover is refused', () => {
    for (const q of ['vem bokar konferensrummet', 'vem ansvarar för snöröjningen', 'Who fixes the printer?']) expect(ask(q).kind, q).toBe('no_match');
  });

  it('English questions are answered from the Swedish matrix, and marked English for the card', () => {
    const r = ask('Who is responsible for the patient safety report?');
    expect(activity(r)).toBe('Patientsäkerhetsberättelse');
    expect(r.locale).toBe('en');
    expect(ask('vem skriver patientsäkerhetsberättelsen').locale).toBeUndefined();
    expect(questionLocale('Who is the MAS?')).toBe('en');
    expect(questionLocale('vem är MAS?')).toBe('sv');
  });

  it('roles for the whole organisation are answered with their holders wherever the asker sits', () => {
    const r = ask('vem är kvalitetsutvecklare?');
    expect(r.kind === 'role_holders' && r.people.map((p) => p.name)).toEqual(['Kim Kvalitet']);
    expect(r.kind === 'role_holders' && r.scope).toBe('organisation');
  });

  it('a unit without the role gets the nearest manager above it', () => {
    const r = ask('vem utreder avvikelser på enheten', 'Individ- och familjeomsorg');
    const role = r.kind === 'activity' ? r.best.roles[0] : undefined;
    expect(role?.scope).toBe('chain');
    expect(role?.people.map((p) => p.name)).toEqual(['Ivar Individ']);
  });

  it('negatedWords: the first meaning word after a negation, and after each "eller"', () => {
    expect([...negatedWords('klagomål som inte är lex Maria eller lex Sarah')]).toEqual(['lex']);
    expect([...negatedWords('Rapportera ej verkställda beslut')]).toEqual(['verkställda']);
    expect([...negatedWords('varken avvikelser eller klagomål, men risker')]).toEqual(['avvikelser', 'klagomål']);
  });
});
