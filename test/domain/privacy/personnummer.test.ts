import { describe, expect, it } from 'vitest';
import {
  containsIdentityNumber,
  findIdentityNumbers,
  redactIdentityNumbers,
} from '../../../domain/privacy/personnummer.js';
import { checkFreeText } from '../../../domain/privacy/guard.js';
import { AppError } from '../../../domain/errors.js';
import { userText } from '../../../domain/error-text.js';
import { PrivacyErrors } from '../../../domain/privacy/errors.js';

/** Luhn (mod 10) over a string of digits, the last one being the check digit. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (d < 0 || d > 9) return false;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Appends the Luhn check digit to nine digits YYMMDDNNN. */
function withCheckDigit(nine: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${nine}${d}`)) return `${nine}${d}`;
  throw new Error('unreachable');
}
/** Returns a wrong check digit for nine digits. */
function withWrongCheckDigit(nine: string): string {
  const right = Number(withCheckDigit(nine).slice(-1));
  return `${nine}${(right + 1) % 10}`;
}

// Skatteverket's well-known test number "Tolvan Tolvansson".
const TOLVAN = '121212-1212';

describe('luhnValid', () => {
  it('accepts the test number and rejects a one-digit change', () => {
    expect(luhnValid('1212121212')).toBe(true);
    expect(luhnValid('1212121213')).toBe(false);
    expect(luhnValid('12121212a2')).toBe(false);
  });
});

describe('findIdentityNumbers: formats', () => {
  const ten = withCheckDigit('811218987'); // 1981-12-18
  const [date, serial] = [ten.slice(0, 6), ten.slice(6)];
  const cases: Array<[string, string, boolean, string]> = [
    ['YYMMDD-NNNN', `${date}-${serial}`, false, '-'],
    ['YYMMDD+NNNN', `${date}+${serial}`, false, '+'],
    ['YYMMDDNNNN', `${date}${serial}`, false, ''],
    ['YYMMDD NNNN', `${date} ${serial}`, false, ' '],
    ['YYMMDD - NNNN', `${date} - ${serial}`, false, '-'],
    ['YYMMDD–NNNN (en dash)', `${date}\u2013${serial}`, false, '-'],
    ['YYYYMMDDNNNN', `19${date}${serial}`, true, ''],
    ['YYYYMMDD-NNNN', `19${date}-${serial}`, true, '-'],
    ['YYYYMMDD NNNN', `19${date} ${serial}`, true, ' '],
  ];
  for (const [name, written, withCentury, separator] of cases) {
    it(`finds ${name} inside a sentence with its position`, () => {
      const text = `Brukaren (${written}) föll i badrummet.`;
      const found = findIdentityNumbers(text);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ kind: 'personnummer', withCentury, separator });
      expect(text.slice(found[0]!.start, found[0]!.end)).toBe(written);
    });
  }

  it('finds the test number and several numbers in one text', () => {
    const other = withCheckDigit('450101123');
    const text = `Gäller ${TOLVAN} och även ${other.slice(0, 6)}-${other.slice(6)}.`;
    expect(findIdentityNumbers(text).map((m) => text.slice(m.start, m.end))).toEqual([TOLVAN, `${other.slice(0, 6)}-${other.slice(6)}`]);
  });

  it('finds numbers at the very start and end of the text', () => {
    expect(findIdentityNumbers(TOLVAN)).toHaveLength(1);
    expect(findIdentityNumbers(`x${TOLVAN}`)).toHaveLength(1);
  });

  it('recognises samordningsnummer (day + 60) in all shapes', () => {
    const samordning = withCheckDigit('701063239'); // 1970-10-03
    for (const written of [`${samordning.slice(0, 6)}-${samordning.slice(6)}`, `19${samordning}`, samordning]) {
      const found = findIdentityNumbers(`nr ${written}`);
      expect(found, written).toHaveLength(1);
      expect(found[0]!.kind).toBe('samordningsnummer');
    }
  });

  it('handles 29 February by century', () => {
    const leap2000 = withCheckDigit('000229123');
    expect(findIdentityNumbers(`${leap2000.slice(0, 6)}-${leap2000.slice(6)}`)).toHaveLength(1);
    // With "+" the person is born 1900 or 1800: neither is a leap year.
    expect(findIdentityNumbers(`${leap2000.slice(0, 6)}+${leap2000.slice(6)}`)).toHaveLength(0);
    expect(findIdentityNumbers(`19${leap2000}`)).toHaveLength(0);
    expect(findIdentityNumbers(`20${leap2000}`)).toHaveLength(1);
    const notLeap = withCheckDigit('010229123');
    expect(findIdentityNumbers(notLeap)).toHaveLength(0);
  });
});

describe('findIdentityNumbers: rejects', () => {
  it('rejects a wrong check digit in every format', () => {
    const bad = withWrongCheckDigit('811218987');
    for (const written of [bad, `${bad.slice(0, 6)}-${bad.slice(6)}`, `19${bad}`, `19${bad.slice(0, 6)}-${bad.slice(6)}`]) {
      expect(findIdentityNumbers(written), written).toEqual([]);
    }
  });

  it('rejects impossible dates even with a correct check digit', () => {
    for (const nine of ['811318987', '810230987', '811200987', '811292987', '814018987']) {
      expect(containsIdentityNumber(withCheckDigit(nine)), nine).toBe(false);
    }
  });

  it('rejects a century other than 18, 19 or 20 and a "+" with century', () => {
    const ten = withCheckDigit('811218987');
    expect(containsIdentityNumber(`21${ten}`)).toBe(false);
    expect(containsIdentityNumber(`19${ten.slice(0, 6)}+${ten.slice(6)}`)).toBe(false);
  });

  it('does not match inside longer digit runs', () => {
    const ten = withCheckDigit('811218987');
    expect(containsIdentityNumber(`1${ten}`)).toBe(false);
    expect(containsIdentityNumber(`${ten}5`)).toBe(false);
    expect(containsIdentityNumber(`123${ten}`)).toBe(false);
  });

  it('leaves ordinary numbers, dates, times, phone numbers and case numbers alone', () => {
    const harmless = [
      'Händelsen inträffade 2026-03-14 kl. 14:30.',
      'Ring 070-123 45 67 eller 08-123 456 78, +46 70 123 45 67.',
      'Ärende AVV-2026-0042 och SYN-2026-0017, dnr SN 2026/123.',
      'Kostnad 1 234 567 kr, 12 345 kr, 3,5 timmar, 100 mg.',
      'Organisationsnummer 212000-0142.',
      'Datum 20260314, tid 1430.',
      'Mellan 2026-03-01 och 2026-03-14 (14 dagar).',
      'Rum 12, våning 3, larm 4512.',
    ];
    for (const text of harmless) expect(findIdentityNumbers(text), text).toEqual([]);
  });

  it('treats a bare ten-digit number starting with 0 after a phone word as a phone number', () => {
    const looksLikeBoth = withCheckDigit('070123456'); // also a valid number for someone born 2007-01-23
    expect(containsIdentityNumber(`Brukaren ${looksLikeBoth}`)).toBe(true);
    expect(containsIdentityNumber(`Tel: ${looksLikeBoth}`)).toBe(false);
    expect(containsIdentityNumber(`mobil ${looksLikeBoth}`)).toBe(false);
    // With a separator it is written as an identity number, whatever precedes it.
    expect(containsIdentityNumber(`Tel: ${looksLikeBoth.slice(0, 6)}-${looksLikeBoth.slice(6)}`)).toBe(true);
  });
});

describe('redactIdentityNumbers', () => {
  it('replaces every valid number and keeps the rest', () => {
    expect(redactIdentityNumbers(`Gäller ${TOLVAN} och 19${TOLVAN}.`)).toBe('Gäller [personnummer borttaget] och [personnummer borttaget].');
    expect(redactIdentityNumbers('Inget här 2026-03-14.')).toBe('Inget här 2026-03-14.');
  });
});

describe('checkFreeText', () => {
  it('refuses with a Swedish message that says what to write instead, without the number', () => {
    const result = checkFreeText(`Brukare ${TOLVAN} fick fel dos.`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/personnummer/);
    expect(result.message).toMatch(/brukaren/);
    expect(result.message).toMatch(/initialer/);
    expect(result.message).not.toContain('1212');
    expect(result.matches).toHaveLength(1);
  });

  it('has a contact-details variant and an English locale', () => {
    const contact = checkFreeText(TOLVAN, 'contact');
    expect(!contact.ok && contact.message).toMatch(/kontaktuppgifterna/);
    const en = checkFreeText(TOLVAN, 'narrative', 'en');
    expect(!en.ok && en.message).toMatch(/identity or coordination number/);
    expect(checkFreeText('Brukaren fick fel dos kl. 08.00.')).toEqual({ ok: true });
  });

  it('registers an error code services can throw', () => {
    expect(userText(new AppError(PrivacyErrors.identityNumberInText))).toMatch(/personnummer/);
  });
});
