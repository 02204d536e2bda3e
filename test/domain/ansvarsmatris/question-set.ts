import { readFile } from 'node:fs/promises';
import { answerQuestion, type AnswerResult } from '../../../domain/ansvarsmatris/answer.js';
import { buildSnapshot } from '../../../domain/ansvarsmatris/build-snapshot.js';
import { buildDirectory, type OrgDirectory } from '../../../domain/ansvarsmatris/directory.js';
import { readImportFiles } from '../../../domain/ansvarsmatris/import-files.js';
import { emptySnapshot, type AnsvarSnapshot } from '../../../domain/ansvarsmatris/schema.js';
import { buildSearchIndex, type AnsvarSearch } from '../../../domain/ansvarsmatris/search.js';
import { starterDataFiles } from '../../../starter-data/index.js';

/** The labelled question set and a scorer, shared by the accuracy test and scripts/bench-ansvar.ts. */
export interface LabelledQuestion {
  q: string;
  expect?: string[];
  kind?: 'activity' | 'role_holders' | 'role_duties' | 'no_match';
  role?: string;
  person?: string;
  tags?: string[];
}

export async function loadQuestions(): Promise<LabelledQuestion[]> {
  const raw = await readFile(new URL('../../fixtures/ansvarsmatris/questions.json', import.meta.url), 'utf8');
  return (JSON.parse(raw) as { questions: LabelledQuestion[] }).questions;
}

export async function loadStarterSnapshot(): Promise<AnsvarSnapshot> {
  const { tables, issues } = await readImportFiles(await starterDataFiles());
  const built = buildSnapshot(tables, emptySnapshot());
  if (issues.length || built.issues.length) throw new Error(JSON.stringify([...issues, ...built.issues]));
  return built.snapshot;
}

export function judge(question: LabelledQuestion, result: AnswerResult): boolean {
  const kind = question.kind ?? 'activity';
  if (result.kind !== kind) return false;
  if (result.kind === 'activity') return (question.expect ?? []).includes(result.best.aktivitet);
  if (result.kind === 'role_holders') {
    return result.role.name === question.role && (!question.person || result.people.some((p) => p.email === question.person));
  }
  if (result.kind === 'role_duties') return result.role.name === question.role && result.entries.length > 0;
  return true;
}

export interface Evaluation {
  total: number;
  correct: number;
  accuracy: number;
  answerable: { total: number; correct: number };
  unanswerable: { total: number; refused: number };
  failures: Array<{ q: string; expected: string; got: string }>;
}

export function evaluate(directory: OrgDirectory, search: AnsvarSearch, questions: LabelledQuestion[]): Evaluation {
  const failures: Evaluation['failures'] = [];
  let correct = 0;
  const answerable = { total: 0, correct: 0 };
  const unanswerable = { total: 0, refused: 0 };
  for (const q of questions) {
    const result = answerQuestion(directory, search, q.q);
    const ok = judge(q, result);
    if (ok) correct++;
    if (q.kind === 'no_match') {
      unanswerable.total++;
      if (result.kind === 'no_match') unanswerable.refused++;
    } else {
      answerable.total++;
      if (ok) answerable.correct++;
    }
    if (!ok) {
      const got =
        result.kind === 'activity'
          ? `activity: ${result.best.aktivitet} (c=${result.best.confidence})`
          : result.kind === 'no_match'
            ? `no_match (best: ${result.ranked[0]?.aktivitet ?? '-'} c=${result.ranked[0]?.confidence ?? 0})`
            : `${result.kind}: ${result.role.name}`;
      failures.push({ q: q.q, expected: q.kind === 'activity' || !q.kind ? (q.expect ?? []).join(' | ') : `${q.kind} ${q.role ?? ''}`, got });
    }
  }
  return { total: questions.length, correct, accuracy: correct / questions.length, answerable, unanswerable, failures };
}

export async function starterEvaluation(): Promise<Evaluation> {
  const snapshot = await loadStarterSnapshot();
  return evaluate(buildDirectory(snapshot, 1), buildSearchIndex(snapshot), await loadQuestions());
}
