import personnummerModule from 'personnummer';
import { describe, expect, it } from 'vitest';
import { checkFreeText, containsIdentityNumber } from '../../domain/privacy/index.js';
import { FORMS, nearMissCorpus, validCorpus } from './support/corpus.js';

const Personnummer = ((personnummerModule as { default?: unknown }).default ?? personnummerModule) as typeof personnummerModule.default;
const digitsOf = (text: string) => text.replace(/\D/g, '');

describe('the personnummer/samordningsnummer guard on a generated corpus', () => {
  const valid = validCorpus(20261201, 2400);
  const nearMisses = nearMissCorpus(7, 2100);

  it('the corpus is what it claims: ≥ 2,000 numbers the personnummer package calls valid, every form, the hard cases', () => {
    expect(valid.length).toBeGreaterThanOrEqual(2000);
    for (const s of valid) {
      const d = digitsOf(s.text);
      const twelve = d.length === 12 ? d : null;
      // Ten-digit forms: the package infers the century from today; with the century written it needs none.
      expect(twelve ? Personnummer.valid(twelve, { allowCoordinationNumber: true, allowInterimNumber: false }) : Personnummer.valid(d.length === 10 ? `${s.text.includes('+') ? d.slice(0, 6) + '+' + d.slice(6) : d}` : 'x', { allowCoordinationNumber: true, allowInterimNumber: false }), s.form).toBe(true);
    }
    const forms = new Map<string, number>();
    for (const s of valid) forms.set(s.form, (forms.get(s.form) ?? 0) + 1);
    expect([...forms.keys()].sort()).toEqual(Object.keys(FORMS).sort());
    for (const n of forms.values()) expect(n).toBeGreaterThanOrEqual(100);
    // Born 2000–2009 (ten digits starting with 0), written with '+', samordningsnummer (day 61–91).
    expect(valid.filter((s) => /(?<!\d)0\d{9}(?!\d)/.test(s.text.replace(/\D+/g, (m) => (m === ' ' ? ' ' : m)))).length).toBeGreaterThan(100);
    expect(valid.filter((s) => s.text.includes('+')).length).toBeGreaterThan(50);
    expect(valid.filter((s) => Number(digitsOf(s.text).slice(-6, -4)) > 60).length).toBeGreaterThan(200);
  });

  it('refuses 100 % of them, with the Swedish explanation and without repeating the number', () => {
    const missed = valid.filter((s) => !containsIdentityNumber(s.text));
    expect(missed.map((s) => s.form)).toEqual([]);
    for (const s of valid.slice(0, 200)) {
      const check = checkFreeText(s.text);
      expect(check.ok).toBe(false);
      if (!check.ok) {
        expect(check.message).toMatch(/personnummer eller samordningsnummer/);
        expect(check.message).not.toContain(digitsOf(s.text).slice(-4));
      }
    }
  });

  it('lets ≥ 2,000 near-misses (bad check digit, phone numbers, dates, case numbers, postcodes) through with ≤ 0.5 % false positives', () => {
    expect(nearMisses.length).toBeGreaterThanOrEqual(2000);
    for (const s of nearMisses.filter((x) => x.form === 'bad check digit')) {
      const d = digitsOf(s.text);
      expect(Personnummer.valid(d.length === 12 ? d : `19${d}`, { allowCoordinationNumber: true, allowInterimNumber: false }) && Personnummer.valid(d.length === 12 ? d : `20${d}`, { allowCoordinationNumber: true, allowInterimNumber: false })).toBe(false);
    }
    const falsePositives = nearMisses.filter((s) => containsIdentityNumber(s.text));
    const rate = falsePositives.length / nearMisses.length;
    expect(rate, falsePositives.map((s) => `${s.form}: ${s.text}`).join('\n')).toBeLessThanOrEqual(0.005);
    // The named hard cases pass exactly.
    for (const text of ['AVV-2026-0042', 'SYN-2026-0113', '070-123 45 67', 'tel 0701011237', '123 45 Solby', '2026-03-15', '20260315', 'kl. 08.00']) {
      expect(containsIdentityNumber(text), text).toBe(false);
    }
  });
});
