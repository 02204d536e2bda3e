import { describe, expect, it } from 'vitest';
import { dateTimeParts, instantFromParts, isIsoDate, normaliseTime, todayIn, type FormContext, type FormDefinition, type FormLocale } from '../../cards/form.js';
import { avvikelseForm, avvikelseValuesSchema } from '../../cards/forms/avvikelse.js';
import { synpunktForm } from '../../cards/forms/synpunkt.js';
import { ansvarAskForm } from '../../cards/forms/ansvar-ask.js';
import { SLACK_LIMITS } from '../../cards/render-form-slack.js';
import { NOW, UNITS } from './support/fixtures.js';

/** Ids of the fields a form marks sensitive (contact details: never in a chat message). */
function sensitiveFieldIds<V>(def: FormDefinition<V>, ctx: FormContext): string[] {
  return def.build(ctx).fields.filter((f) => f.sensitive).map((f) => f.id);
}

const forms = [avvikelseForm, synpunktForm, ansvarAskForm] as FormDefinition<unknown>[];
const len = (s: string) => Array.from(s).length;

describe('form definitions', () => {
  for (const def of forms) {
    for (const locale of ['sv', 'en'] as FormLocale[]) {
      // The renderers clip as a last guard; the definitions themselves must fit so nothing is ever cut.
      it(`${def.id} (${locale}): texts fit Slack without clipping, ids unique`, () => {
        const form = def.build({ now: NOW, units: UNITS, locale });
        expect(len(form.slackTitle)).toBeLessThanOrEqual(SLACK_LIMITS.titleText);
        expect(len(form.submitLabel)).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        expect(len(form.closeLabel)).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        const ids = form.fields.map((f) => f.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const f of form.fields) {
          expect(f.id).toMatch(/^[a-zA-Z]+$/);
          expect(len(f.label)).toBeLessThanOrEqual(SLACK_LIMITS.labelText);
          if (f.placeholder) expect(len(f.placeholder)).toBeLessThanOrEqual(SLACK_LIMITS.placeholderText);
          if ('maxLength' in f) expect(f.maxLength).toBeLessThanOrEqual(SLACK_LIMITS.plainTextInputMaxLength);
          if ('options' in f) {
            for (const o of f.options) {
              expect(len(o.label), o.label).toBeLessThanOrEqual(SLACK_LIMITS.optionText);
              if (o.help) expect(len(o.help), o.help).toBeLessThanOrEqual(SLACK_LIMITS.optionDescription);
            }
          }
        }
      });
    }
  }

  it('marks exactly the synpunkt contact details as sensitive', () => {
    const ctx = { now: NOW, units: UNITS };
    expect(sensitiveFieldIds(synpunktForm, ctx)).toEqual(['contactName', 'contactPhone', 'contactEmail', 'contactAddress']);
    expect(sensitiveFieldIds(avvikelseForm, ctx)).toEqual([]);
  });

  it('guards every free-text field of avvikelse and synpunkt', () => {
    for (const def of [avvikelseForm, synpunktForm] as FormDefinition<unknown>[]) {
      for (const f of def.build({ now: NOW, units: UNITS }).fields) {
        if (f.kind === 'text' || f.kind === 'textarea') expect(f.privacy, `${def.id}.${f.id}`).toBeDefined();
      }
    }
  });

  it('avvikelse schema doubles as a storage read-back check', () => {
    const stored = {
      type: 'lex_maria',
      unitId: 'u-1',
      occurredAt: new Date('2026-03-01T10:00:00Z'),
      description: 'x',
      konsekvens: 4,
      sannolikhet: 3,
      informed: 'ej_aktuellt',
    };
    expect(avvikelseValuesSchema.parse(stored).risk).toEqual({ konsekvens: 4, sannolikhet: 3, score: 12, level: 'mycket_hog' });
    expect(avvikelseValuesSchema.safeParse({ ...stored, konsekvens: 5 }).success).toBe(false);
    expect(avvikelseValuesSchema.safeParse({ ...stored, extra: 1 }).success).toBe(false);
  });
});

describe('date helpers', () => {
  it('work in Stockholm time', () => {
    expect(todayIn(new Date('2026-03-14T23:30:00Z'))).toBe('2026-03-15');
    expect(dateTimeParts(new Date('2026-07-01T22:05:00Z'))).toEqual({ date: '2026-07-02', time: '00:05' });
    expect(instantFromParts('2026-07-02', '00:05')?.toISOString()).toBe('2026-07-01T22:05:00.000Z');
    expect(instantFromParts('2026-03-29', '02:30')).toBeUndefined(); // DST gap
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(normaliseTime('7:05')).toBe('07:05');
    expect(normaliseTime('07:05:59.000')).toBe('07:05');
    expect(normaliseTime('24:00')).toBeUndefined();
  });
});
