import { describe, expect, it } from 'vitest';
import { loadQuestions, starterEvaluation } from './question-set.js';

describe('labelled question set on the example data', () => {
  it('has 60+ questions including ~10 the matrix cannot answer', async () => {
    const qs = await loadQuestions();
    expect(qs.length).toBeGreaterThanOrEqual(60);
    expect(qs.filter((q) => q.kind === 'no_match').length).toBeGreaterThanOrEqual(10);
  });

  it('answers at least 95 % correctly at top-1 and refuses every unanswerable question', async () => {
    const e = await starterEvaluation();
    const misses = e.failures.map((f) => `${f.q} → ${f.got} (expected ${f.expected})`).join('\n');
    expect(e.answerable.correct / e.answerable.total, misses).toBeGreaterThanOrEqual(0.95);
    expect(e.unanswerable.refused, misses).toBe(e.unanswerable.total);
  });
});
