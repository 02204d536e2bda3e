import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, type AnswerResult } from '../../../domain/ansvarsmatris/answer.js';
import { buildDirectory, type OrgDirectory } from '../../../domain/ansvarsmatris/directory.js';
import type { AnsvarSnapshot } from '../../../domain/ansvarsmatris/schema.js';
import { buildSearchIndex, type AnsvarSearch } from '../../../domain/ansvarsmatris/search.js';
import { fold, stem } from '../../../domain/ansvarsmatris/text.js';

/** A small hand-made matrix, so each case tests one matching feature and nothing else. */
const snapshot: AnsvarSnapshot = {
  units: [{ id: 'sof', name: 'Socialförvaltningen', aliases: [] }],
  roles: [
    { id: 'ec', name: 'Enhetschef', aliases: [], manager: true },
    { id: 'mas', name: 'MAS', aliases: ['Medicinskt ansvarig sjuksköterska'], manager: false },
    { id: 'reg', name: 'Registrator', aliases: [], manager: false },
    { id: 'fc', name: 'Förvaltningschef', aliases: ['Socialchef'], manager: true },
  ],
  people: [],
  entries: [
    { id: 'utredning', omrade: 'Avvikelser', aktivitet: 'Utredning av avvikelser', ansvariga: ['ec'], frekvens: 'Löpande', rapporterasTill: '', kalla: '', keywords: [] },
    { id: 'klagomal', omrade: 'Klagomål', aktivitet: 'Klagomålshantering', ansvariga: ['reg'], frekvens: 'Löpande', rapporterasTill: '', kalla: '', keywords: [] },
    { id: 'kontroll', omrade: 'Egenkontroll', aktivitet: 'Intern kontroll av ekonomin', ansvariga: ['fc'], frekvens: '2 gånger/år', rapporterasTill: '', kalla: '', keywords: [] },
    { id: 'maria', omrade: 'Hälso- och sjukvård', aktivitet: 'Anmälan enligt lex Maria', ansvariga: ['mas'], frekvens: 'Löpande', rapporterasTill: 'IVO', kalla: '', keywords: [] },
    { id: 'pension', omrade: 'Samverkan', aktivitet: 'Pensionärsrådet', ansvariga: ['fc'], frekvens: '4 gånger/år', rapporterasTill: '', kalla: '', keywords: [] },
  ],
  vocabulary: [
    { term: 'lex Maria', synonyms: ['vårdskada'] },
    { term: 'internkontroll', synonyms: ['intern kontroll'] },
    { term: 'IVO', synonyms: ['Inspektionen för vård och omsorg'] },
  ],
};

let directory: OrgDirectory;
let search: AnsvarSearch;
beforeAll(() => {
  directory = buildDirectory(snapshot, 1);
  search = buildSearchIndex(snapshot);
});

const top = (q: string): string | undefined => {
  const r: AnswerResult = answerQuestion(directory, search, q);
  return r.kind === 'activity' ? r.best.entryId : r.kind;
};

describe('Swedish-aware matching', () => {
  it('stems inflections to one form', () => {
    expect(new Set(['utreder', 'utreda', 'utredning', 'utredningar'].map(stem)).size).toBe(1);
  });

  it.each(['vem utreder avvikelser?', 'vem ska utreda avvikelsen', 'utredningar av avvikelser'])('inflection: %s', (q) => {
    expect(top(q)).toBe('utredning');
  });

  it('splits compounds in the question against the index vocabulary and vice versa', () => {
    expect(top('hantering av klagomål')).toBe('klagomal');
    expect(top('vem ansvarar för klagomålen')).toBe('klagomal');
  });

  it('uses synonyms and abbreviations from the data', () => {
    expect(top('vem ansvarar för vårdskador')).toBe('maria');
    expect(top('internkontroll')).toBe('kontroll');
    expect(top('vem anmäler till Inspektionen för vård och omsorg')).toBe('maria');
  });

  it('an admin can extend the vocabulary: a new synonym changes the answer', () => {
    expect(top('vem har hand om KPR')).toBe('no_match');
    const extended = { ...snapshot, vocabulary: [...snapshot.vocabulary, { term: 'pensionärsrådet', synonyms: ['KPR'] }] };
    expect(answerQuestion(buildDirectory(extended, 2), buildSearchIndex(extended), 'vem har hand om KPR').kind).toBe('activity');
  });

  it('tolerates small typos', () => {
    expect(top('klagomålshanterng')).toBe('klagomal');
    expect(top('vem utreder avvikelsr')).toBe('utredning');
    expect(top('pensionärsrodet')).toBe('pension');
  });

  it('folds case and accents', () => {
    expect(fold('Klagomål ÄR Öppna')).toBe('klagomal ar oppna');
    expect(top('KLAGOMALSHANTERING')).toBe('klagomal');
    expect(top('LEX MARIA')).toBe('maria');
  });

  it('refuses rather than guessing', () => {
    expect(top('vem ansvarar för parkeringstillstånd')).toBe('no_match');
    expect(top('vem lagar kaffemaskinen')).toBe('no_match');
  });

  it('answers role questions and reverse lookups', () => {
    const r = answerQuestion(directory, search, 'vem är medicinskt ansvarig sjuksköterska?');
    expect(r.kind).toBe('role_holders');
    const d = answerQuestion(directory, search, 'vad ansvarar socialchefen för?');
    expect(d.kind).toBe('role_duties');
    if (d.kind === 'role_duties') expect(d.entries.map((e) => e.entryId).sort()).toEqual(['kontroll', 'pension']);
  });

  it('offers at most two "Menade du" alternatives', () => {
    const r = answerQuestion(directory, search, 'anmälan');
    if (r.kind === 'activity') expect(r.alternatives.length).toBeLessThanOrEqual(2);
  });
});
