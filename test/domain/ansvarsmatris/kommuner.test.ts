import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateAllKommuner, kommunNames, loadKommun, refusalRate, top1, type KommunEvaluation } from './kommuner.js';

/**
 * The labelled questions written from the four seed documents, each against the matrix built from that document
 * (test/fixtures/ansvarsmatris/kommuner/). The same evaluation is printed by scripts/bench-ansvar.ts.
 */
const TOP1 = 0.95;
const REFUSED = 0.95;

let results: KommunEvaluation[];
beforeAll(async () => {
  results = await evaluateAllKommuner();
});

describe('labelled questions from the four seed documents', () => {
  it('has at least 300 questions, 40 of them to be refused, in every kind the issue names', async () => {
    const all = (await Promise.all((await kommunNames()).map((n) => loadKommun(n)))).flatMap((k) => k.questions);
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(all.filter((q) => q.expect.kind === 'no_match').length).toBeGreaterThanOrEqual(40);
    const tags = new Set(all.map((q) => q.tag.split(/[ ,]/)[0]));
    for (const tag of ['plain', 'verbs', 'misspellings', 'English', 'roles', 'unit-specific', 'must', 'to']) expect(tags, tag).toContain(tag);
    expect(all.filter((q) => q.holdout).length).toBeGreaterThanOrEqual(all.length / 5);
  });

  it.each(['ekero', 'ekero-bilaga', 'katrineholm', 'nacka'])('%s: at least 95 percent top-1 and 95 percent correct refusals', (name) => {
    const e = results.find((r) => r.name === name)!;
    const misses = e.failures.map((f) => `line ${f.line}${f.holdout ? ' (held out)' : ''}: ${f.q} → ${f.got}; expected ${f.expected}`).join('\n');
    expect(top1(e.all), misses).toBeGreaterThanOrEqual(TOP1);
    expect(refusalRate(e.all), misses).toBeGreaterThanOrEqual(REFUSED);
  });
});
