import { describe, expect, it } from 'vitest';
import { parseFrekvens } from '../../../domain/paminnelser/frekvens.js';

describe('parseFrekvens', () => {
  it.each([
    ['Årligen', [{ month: 12, day: 31 }]],
    ['Årligen senast 1 mars', [{ month: 3, day: 1 }]],
    ['årligen, senast 1 mars', undefined],
    ['2 gånger/år (mars, augusti)', [{ month: 3, day: 31 }, { month: 8, day: 31 }]],
    ['2 gånger/år', [{ month: 6, day: 30 }, { month: 12, day: 31 }]],
    ['Kvartalsvis', [{ month: 3, day: 31 }, { month: 6, day: 30 }, { month: 9, day: 30 }, { month: 12, day: 31 }]],
    ['4 gånger/år', [{ month: 3, day: 31 }, { month: 6, day: 30 }, { month: 9, day: 30 }, { month: 12, day: 31 }]],
    ['4 gånger per år', [{ month: 3, day: 31 }, { month: 6, day: 30 }, { month: 9, day: 30 }, { month: 12, day: 31 }]],
    ['2 gånger/år senast 1 mars och 31 augusti', [{ month: 3, day: 1 }, { month: 8, day: 31 }]],
  ])('%s', (text, dates) => {
    const r = parseFrekvens(text);
    if (dates === undefined) {
      // The comma form is not guessed at: it must surface as a warning, not vanish.
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
});
