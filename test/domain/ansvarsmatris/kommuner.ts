import { readdir, readFile } from 'node:fs/promises';
import { answerQuestion, type AnswerResult } from '../../../domain/ansvarsmatris/answer.js';
import { buildSnapshot } from '../../../domain/ansvarsmatris/build-snapshot.js';
import { buildDirectory, type OrgDirectory } from '../../../domain/ansvarsmatris/directory.js';
import { readImportFiles } from '../../../domain/ansvarsmatris/import-files.js';
import type { AnsvarSnapshot } from '../../../domain/ansvarsmatris/schema.js';
import { buildSearchIndex, type AnsvarSearch } from '../../../domain/ansvarsmatris/search.js';
import { loadStarterSnapshot } from './question-set.js';

/**
 * The matrices written from the four seed documents (test/fixtures/ansvarsmatris/kommuner/) and their labelled
 * questions, with one scorer shared by the accuracy test and scripts/bench-ansvar.ts.
 */
const ROOT = new URL('../../fixtures/ansvarsmatris/kommuner/', import.meta.url);
const MATRIX_FILES = ['organisation.csv', 'roller.csv', 'personer.csv', 'ansvarsmatris.csv'];

export type Expectation =
  | { kind: 'activity'; ids: string[]; person?: string }
  | { kind: 'no_match' }
  | { kind: 'role_holders'; role: string; person?: string }
  | { kind: 'role_duties'; role: string };

export interface KommunQuestion {
  q: string;
  unit?: string;
  expect: Expectation;
  tag: string;
  /** Every fourth question of a file: not looked at while tuning. */
  holdout: boolean;
  line: number;
}

export interface Kommun {
  name: string;
  snapshot: AnsvarSnapshot;
  directory: OrgDirectory;
  search: AnsvarSearch;
  questions: KommunQuestion[];
}

function parseExpectation(text: string): Expectation {
  const t = text.trim();
  if (t === '-') return { kind: 'no_match' };
  if (t.startsWith('@')) {
    const [role, person] = t.slice(1).split('=');
    return { kind: 'role_holders', role: role!.trim(), ...(person ? { person: person.trim() } : {}) };
  }
  if (t.startsWith('#')) return { kind: 'role_duties', role: t.slice(1).trim() };
  const [ids, person] = t.split('>');
  return { kind: 'activity', ids: ids!.split(',').map((s) => s.trim()), ...(person ? { person: person.trim() } : {}) };
}

export function parseQuestions(text: string): KommunQuestion[] {
  const out: KommunQuestion[] = [];
  let tag = '';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    if (line.startsWith('%')) {
      if (!/[|:]/.test(line)) tag = line.slice(1).trim();
      return;
    }
    const [expect, q, unit] = line.split('|').map((s) => s.trim());
    if (!expect || !q) throw new Error(`fragor.txt line ${i + 1}: expected "förväntat | fråga [| enhet]"`);
    out.push({ q, expect: parseExpectation(expect), tag, holdout: out.length % 4 === 3, line: i + 1, ...(unit ? { unit } : {}) });
  });
  return out;
}

export async function kommunNames(): Promise<string[]> {
  return (await readdir(ROOT, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** Reads one municipality's import files and imports them on top of the example data, as an admin would. */
export async function loadKommun(name: string, base?: AnsvarSnapshot): Promise<Kommun> {
  const dir = new URL(`${name}/`, ROOT);
  const files = await Promise.all(MATRIX_FILES.map(async (f) => ({ name: f, data: await readFile(new URL(f, dir)) })));
  const { tables, issues } = await readImportFiles(files);
  const built = buildSnapshot(tables, base ?? (await loadStarterSnapshot()));
  if (issues.length || built.issues.length) throw new Error(`${name}: ${JSON.stringify([...issues, ...built.issues])}`);
  const snapshot = built.snapshot;
  const questions = parseQuestions(await readFile(new URL('fragor.txt', dir), 'utf8'));
  return { name, snapshot, directory: buildDirectory(snapshot, 1), search: buildSearchIndex(snapshot), questions };
}

export function judgeKommun(expect: Expectation, result: AnswerResult): boolean {
  if (result.kind !== expect.kind) return false;
  switch (expect.kind) {
    case 'no_match':
      return true;
    case 'activity': {
      if (result.kind !== 'activity' || !expect.ids.includes(result.best.entryId)) return false;
      return !expect.person || result.best.roles.some((r) => r.people.some((p) => p.email === expect.person));
    }
    case 'role_holders':
      return result.kind === 'role_holders' && result.role.name === expect.role && (!expect.person || result.people.some((p) => p.email === expect.person));
    case 'role_duties':
      return result.kind === 'role_duties' && result.role.name === expect.role && result.entries.length > 0;
  }
}

export interface Score {
  answerable: number;
  correct: number;
  refusable: number;
  refused: number;
  /** Answerable questions that were refused (not wrong, but not answered). */
  refusedAnswerable: number;
}

export interface KommunEvaluation {
  name: string;
  all: Score;
  tuning: Score;
  holdout: Score;
  failures: Array<{ line: number; q: string; holdout: boolean; expected: string; got: string }>;
}

const emptyScore = (): Score => ({ answerable: 0, correct: 0, refusable: 0, refused: 0, refusedAnswerable: 0 });
export const top1 = (s: Score) => (s.answerable ? s.correct / s.answerable : 1);
export const refusalRate = (s: Score) => (s.refusable ? s.refused / s.refusable : 1);

function describe(result: AnswerResult): string {
  switch (result.kind) {
    case 'activity':
      return `${result.best.entryId} ${result.best.aktivitet} → ${result.best.roles.map((r) => `${r.roleName}: ${r.people.map((p) => p.email).join(',') || '-'}`).join('; ')} (c=${result.best.confidence})`;
    case 'no_match':
      return `no_match (best ${result.ranked[0]?.entryId ?? '-'} c=${result.ranked[0]?.confidence ?? 0})`;
    case 'role_holders':
      return `role_holders ${result.role.name}: ${result.people.map((p) => p.email).join(',') || '-'}`;
    case 'role_duties':
      return `role_duties ${result.role.name} (${result.entries.length})`;
  }
}

export function evaluateKommun(k: Kommun): KommunEvaluation {
  const all = emptyScore();
  const tuning = emptyScore();
  const holdout = emptyScore();
  const failures: KommunEvaluation['failures'] = [];
  for (const q of k.questions) {
    const result = answerQuestion(k.directory, k.search, q.q, q.unit ? { unitId: q.unit } : {});
    const ok = judgeKommun(q.expect, result);
    for (const s of [all, q.holdout ? holdout : tuning]) {
      if (q.expect.kind === 'no_match') {
        s.refusable++;
        if (ok) s.refused++;
      } else {
        s.answerable++;
        if (ok) s.correct++;
        else if (result.kind === 'no_match') s.refusedAnswerable++;
      }
    }
    if (!ok) failures.push({ line: q.line, q: q.q, holdout: q.holdout, expected: JSON.stringify(q.expect), got: describe(result) });
  }
  return { name: k.name, all, tuning, holdout, failures };
}

export async function evaluateAllKommuner(): Promise<KommunEvaluation[]> {
  const base = await loadStarterSnapshot();
  const out: KommunEvaluation[] = [];
  for (const name of await kommunNames()) out.push(evaluateKommun(await loadKommun(name, base)));
  return out;
}
