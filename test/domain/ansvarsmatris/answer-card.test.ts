import { beforeAll, describe, expect, it } from 'vitest';
import { ansvarAnswerView } from '../../../domain/ansvarsmatris/messaging.js';
import { renderMessageAdaptive, renderMessageBlocks } from '../../../cards/render-message.js';
import { ActionIds } from '../../../domain/action-ids.js';
import { answerForEntry, answerQuestion, type AnswerResult } from '../../../domain/ansvarsmatris/answer.js';
import { buildDirectory, type OrgDirectory } from '../../../domain/ansvarsmatris/directory.js';
import { buildSearchIndex, type AnsvarSearch } from '../../../domain/ansvarsmatris/search.js';
import { validateAdaptiveCard } from '../../cards/support/fixtures.js';
import { loadStarterSnapshot } from './question-set.js';

// The view is made in domain/ansvarsmatris/messaging.ts and rendered by the generic renderers of cards/.
let d: OrgDirectory;
let s: AnsvarSearch;
beforeAll(async () => {
  const snap = await loadStarterSnapshot();
  d = buildDirectory(snap, 4);
  s = buildSearchIndex(snap);
});
const ask = (q: string, unitId?: string): AnswerResult => answerQuestion(d, s, q, unitId ? { unitId } : {});

describe('answer card', () => {
  it('shows activity, roles, the people for the asker’s unit, frekvens, rapporteras till and källa', () => {
    const view = ansvarAnswerView(ask('vem utreder avvikelser på enheten', 'Solgården'), { version: 4 });
    expect(view.title).toBe('Ta emot, utreda och åtgärda avvikelser på enheten');
    expect(Object.fromEntries(view.facts!.map((f) => [f.label, f.value]))).toMatchObject({
      'Ansvarig roll': 'Enhetschef',
      'Person (Enhetschef)': 'Olle Omsorg',
      Frekvens: 'Löpande',
      'Rapporteras till': 'Avdelningschef',
      Källa: 'SOSFS 2011:9 5 kap.',
    });
    expect(view.footnote).toBe('Källa: ansvarsmatrisen, version 4.');
  });

  it('without a unit, does not list every enhetschef but asks for the unit', () => {
    const view = ansvarAnswerView(ask('vem utreder avvikelser på enheten'));
    expect(view.facts!.find((f) => f.label === 'Person (Enhetschef)')?.value).toMatch(/personer har rollen – ange din enhet/);
  });

  it('offers up to two "Menade du …?" alternatives as buttons with the entry id', () => {
    const result = ask('lex sarah');
    expect(result.kind).toBe('activity');
    const view = ansvarAnswerView(result);
    expect(view.list!.length).toBeGreaterThan(0);
    expect(view.list!.length).toBeLessThanOrEqual(2);
    for (const item of view.list!) {
      expect(item.title.startsWith('Menade du …?')).toBe(true);
      expect(item.action).toMatchObject({ kind: 'submit', id: ActionIds.ansvarAlternative, data: { entryId: expect.any(String) } });
    }
  });

  it('answers a picked alternative by entry id', () => {
    const result = ask('lex sarah');
    if (result.kind !== 'activity') throw new Error('expected an activity');
    const picked = answerForEntry(d, result.alternatives[0]!.entryId, { unitId: 'Solgården' });
    expect(picked?.kind === 'activity' && picked.best.entryId).toBe(result.alternatives[0]!.entryId);
    expect(answerForEntry(d, 'finns-inte')).toBeUndefined();
  });

  it('says honestly when nothing matched, and who to ask', () => {
    const view = ansvarAnswerView(ask('vem lagar kaffemaskinen', 'Solgården'));
    expect(view.tone).toBe('warning');
    expect(view.text!.join(' ')).toContain('Fråga hellre Olle Omsorg (Enhetschef).');
    expect(ansvarAnswerView(ask('vem lagar kaffemaskinen')).text!.join(' ')).toContain('Fråga din närmaste chef.');
  });

  it('renders a valid Adaptive Card 1.5 and Block Kit with the same content', () => {
    for (const q of ['lex maria', 'vem är MAS', 'vad gör MAS', 'vem lagar kaffemaskinen']) {
      const result = ask(q, 'Solgården');
      const card = renderMessageAdaptive(ansvarAnswerView(result, { version: 4 }));
      expect(validateAdaptiveCard(card).messages).toEqual([]);
      // Slack renders the same view with the generic renderer (bot/slack/render.ts).
      const slack = renderMessageBlocks(ansvarAnswerView(result, { version: 4 }));
      expect(slack.text).toBe(ansvarAnswerView(result).title);
      expect(JSON.stringify(slack.blocks)).toContain(JSON.stringify(ansvarAnswerView(result).title).slice(1, -1));
    }
  });
});
