import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrekvens } from '../../../domain/paminnelser/frekvens.js';

describe('parseFrekvens', () => {
  it.each([
    ['Årligen', [{ month: 11, day: 30 }]],
    ['Årligen senast 1 mars', [{ month: 3, day: 1 }]],
    ['Årligen, senast 1 mars', [{ month: 3, day: 1 }]],
    ['årligen senast 1 mars', [{ month: 3, day: 1 }]],
    ['2 gånger/år: mars och augusti', [{ month: 3, day: 31 }, { month: 8, day: 31 }]],
    ['två gånger per år i mars och augusti', [{ month: 3, day: 31 }, { month: 8, day: 31 }]],
    ['Vid två tillfällen (per mars och augusti)', [{ month: 3, day: 31 }, { month: 8, day: 31 }]],
    ['2 gånger/år: mars', undefined],
    ['varje kvartal', [{ month: 3, day: 31 }, { month: 6, day: 30 }, { month: 9, day: 30 }, { month: 12, day: 31 }]],
    ['Minst en gång per år', [{ month: 11, day: 30 }]],
    ['Årligen, inför varje nytt verksamhetsår', [{ month: 11, day: 30 }]],
    ['inför varje nytt verksamhetsår', [{ month: 11, day: 30 }]],
    ['Årligen, redovisas i juni', [{ month: 6, day: 30 }]],
    ['Löpande, minst årligen', [{ month: 11, day: 30 }]],
    ['Löpande, samverkansmöten 4 gånger/år', [{ month: 3, day: 31 }, { month: 6, day: 30 }, { month: 9, day: 30 }, { month: 12, day: 31 }]],
    ['Plan ses över årligen', [{ month: 11, day: 30 }]],
    ['2 gånger/år (mars, augusti)', [{ month: 3, day: 31 }, { month: 8, day: 31 }]],
    ['2 gånger/år', [{ month: 6, day: 30 }, { month: 12, day: 31 }]],
    ['Kvartalsvis', [{ month: 3, day: 31 }, { month: 6, day: 30 }, { month: 9, day: 30 }, { month: 12, day: 31 }]],
    ['4 gånger/år', [{ month: 3, day: 31 }, { month: 6, day: 30 }, { month: 9, day: 30 }, { month: 12, day: 31 }]],
    ['4 gånger per år', [{ month: 3, day: 31 }, { month: 6, day: 30 }, { month: 9, day: 30 }, { month: 12, day: 31 }]],
    ['2 gånger/år senast 1 mars och 31 augusti', [{ month: 3, day: 1 }, { month: 8, day: 31 }]],
  ])('%s', (text, dates) => {
    const r = parseFrekvens(text);
    if (dates === undefined) {
      // Two occasions named but not as a count: not guessed at, it must surface as an error, not vanish.
      expect(r.ok).toBe(false);
      return;
    }
    expect(r.ok).toBe(true);
    expect(r.schedule).toEqual({ kind: 'yearly_dates', dates });
  });

  it('Månadsvis gives twelve month ends', () => {
    const r = parseFrekvens('Månadsvis');
    expect(r.ok && r.schedule.kind === 'yearly_dates' ? r.schedule.dates.length : 0).toBe(12);
    expect(r.ok && r.schedule.kind === 'yearly_dates' ? r.schedule.dates[1] : undefined).toEqual({ month: 2, day: 28 });
  });

  it('Löpande means no reminder', () => {
    expect(parseFrekvens('Löpande')).toMatchObject({ ok: true, schedule: { kind: 'none' } });
    expect(parseFrekvens('Löpande vid behov')).toMatchObject({ ok: true, schedule: { kind: 'none' } });
    for (const text of ['Löpande, svar inom två veckor', 'Genast', 'Utan dröjsmål', 'Vid varje nyanställning', 'Löpande enligt internkontrollplanen', 'Genast när det inträffar', 'Enligt åtgärdsplanen', 'Snarast', 'Vid varje anmälan och beslut', 'Genast vid rapport och vid anmälan till IVO', 'Omgående', 'Inför varje nämnd', 'Inom två veckor']) {
      expect(parseFrekvens(text)).toMatchObject({ ok: true, schedule: { kind: 'none' } });
    }
  });

  it('"Regelbundet" names no period: no reminder, with a note for the admin', () => {
    const r = parseFrekvens('Regelbundet');
    expect(r).toMatchObject({ ok: true, schedule: { kind: 'none' } });
    expect(r.ok && r.assumption).toContain('anger ingen period');
  });

  it('a yearly duty without a day says which documented default it got', () => {
    const r = parseFrekvens('Årligen');
    expect(r.ok && r.assumption).toContain('30 november');
  });

  it.each(['Varje gång det regnar', '5 gånger/år', '2 gånger/år (mars)', 'Årligen senast 31 februari', ''])(
    'unreadable "%s" needs an explicit schedule with a Swedish warning',
    (text) => {
      const r = parseFrekvens(text);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.schedule.kind).toBe('needs_schedule');
        expect(r.warning).toContain('kunde inte tolkas');
      }
    },
  );

  it('reads every frekvens of the starter matrix (the example data must load on a fresh install)', () => {
    const csv = readFileSync(path.resolve(import.meta.dirname, '../../../starter-data/ansvarsmatris.csv'), 'utf8');
    const unread = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(';')[3]!)
      .filter((f) => f && !parseFrekvens(f).ok);
    expect(unread).toEqual([]);
  });
});
