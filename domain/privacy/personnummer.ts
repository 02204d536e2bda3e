/**
 * Finds Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer) in free
 * text, so that a chat bot never stores or posts them where they do not belong.
 *
 * Accepted shapes (the ten digits are YYMMDD + three-digit serial + Luhn check digit):
 *   YYMMDD-NNNN, YYMMDD+NNNN (a person aged 100 or more), YYMMDDNNNN, YYMMDD NNNN,
 *   YYYYMMDDNNNN, YYYYMMDD-NNNN, YYYYMMDD NNNN — hyphen, plus, en dash or minus sign, optionally with spaces around.
 * A samordningsnummer is the same with 60 added to the day (61–91).
 *
 * Any of these may follow a keyword ("personnummer", "pnr", "nr", "samordningsnummer" …) with or without a colon.
 *
 * A match requires a real calendar date and a correct check digit — validated by the maintained `personnummer`
 * package, with the century tried explicitly (so the answer does not depend on today's date) — which removes about
 * 90 % of random digit strings that look the part. The one exception is a bare ten-digit number starting with 0
 * right after a phone word ("tel", "mobil", "ring" …): a Swedish phone number looks exactly like the personnummer
 * of a child born 2000–2009, so only an explicit phone word makes it a phone number; "nr" or "nummer" alone do not.
 * Matches carry positions only: the caller decides what to do with the text, and nothing here logs or returns
 * the number itself.
 */
import personnummerModule from 'personnummer';

// The package is CommonJS (`module.exports = Personnummer`) typed as an ES default export; take what the loader gives.
const Personnummer = ((personnummerModule as { default?: unknown }).default ?? personnummerModule) as typeof personnummerModule.default;

export type IdentityNumberKind = 'personnummer' | 'samordningsnummer';

export interface IdentityNumberMatch {
  kind: IdentityNumberKind;
  /** Index of the first character of the match in the searched text. */
  start: number;
  /** Index just after the match (`text.slice(start, end)` is the number as written). */
  end: number;
  /** True when written with the century (12 digits). */
  withCentury: boolean;
  /** The separator as written between date and serial: '-', '+', ' ' or '' (none). Dashes are reported as '-'. */
  separator: '-' | '+' | ' ' | '';
}

// Hyphen-minus, the Unicode hyphens, en dash and minus sign: word processors and phones turn "-" into these.
const DASHES = '\\-\\u2010\\u2011\\u2012\\u2013\\u2212';
const SPACE = '[ \\u00a0\\u202f]';

/**
 * Candidate: optional century, YYMMDD, an optional separator (dash/plus with optional spaces, or one space),
 * four digits. Not preceded or followed by another digit, so parts of longer numbers never match.
 */
const CANDIDATE = new RegExp(
  `(?<!\\d)(\\d{2})?(\\d{2})(\\d{2})(\\d{2})(?:${SPACE}?([${DASHES}+])${SPACE}?|(${SPACE}))?(\\d{4})(?!\\d)`,
  'gu',
);

/**
 * Words that, right before a bare ten-digit number starting with 0, mark it as a phone number. Deliberately not
 * "nr" or "nummer": "pnr 0701011234" and "nummer 0701011234" are how a child's personnummer is written.
 */
const PHONE_CONTEXT =
  /(?<!\p{L})(?:tel|telnr|telefon|telefonnr|telefonnummer|tfn|mobil|mobilnr|mobilnummer|mobiltel|mobiltelefon|hemtelefon|jobbtelefon|växel|ring|ringa|ring mig på|nås på|sms|sms:a|fax|phone|mobile|call)[.:]?\s*$/iu;

/**
 * Validates date and check digit with the `personnummer` package, trying each possible century explicitly: with
 * '+' the person is 100 or older (18xx/19xx), otherwise 19xx or 20xx (both are tried; only 29 February differs).
 */
function validIdentityNumber(century: string | undefined, yy: string, mm: string, dd: string, serial: string, plus: boolean): IdentityNumberKind | undefined {
  if (century !== undefined && (Number(century) < 18 || Number(century) > 20)) return undefined;
  const centuries = century !== undefined ? [century] : plus ? ['18', '19'] : ['19', '20'];
  const ok = centuries.some((c) => Personnummer.valid(`${c}${yy}${mm}${dd}${serial}`, { allowCoordinationNumber: true, allowInterimNumber: false }));
  if (!ok) return undefined;
  return Number(dd) > 60 ? 'samordningsnummer' : 'personnummer';
}

function normaliseSeparator(dash: string | undefined, space: string | undefined): IdentityNumberMatch['separator'] {
  if (dash === '+') return '+';
  if (dash) return '-';
  if (space) return ' ';
  return '';
}

/**
 * All valid personnummer and samordningsnummer in `text`, in order of appearance, with positions.
 * Never log the matched text; use the positions to redact or highlight.
 */
export function findIdentityNumbers(text: string): IdentityNumberMatch[] {
  const matches: IdentityNumberMatch[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const [whole, century, yy, mm, dd, dash, space, serial] = m;
    if (yy === undefined || mm === undefined || dd === undefined || serial === undefined) continue;
    const separator = normaliseSeparator(dash, space);
    if (separator === '+' && century !== undefined) continue; // '+' only exists in the ten-digit form
    const kind = validIdentityNumber(century, yy, mm, dd, serial, separator === '+');
    if (!kind) continue;
    const start = m.index;
    // "070 123 45 67" never reaches here (wrong grouping), but "tel 0701234567" can: a bare ten-digit number
    // starting with 0 right after a phone word is treated as a phone number.
    if (century === undefined && separator === '' && yy.startsWith('0') && PHONE_CONTEXT.test(text.slice(Math.max(0, start - 25), start))) {
      continue;
    }
    matches.push({ kind, start, end: start + whole.length, withCentury: century !== undefined, separator });
  }
  return matches;
}

/** `text` with percent-escapes decoded (a link's "pnr=850101%201234"), or undefined when it has none. */
function percentDecoded(text: string): string | undefined {
  if (!text.includes('%')) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%(?:20|2B|2D|A0)/gi, ' ');
  }
}

/** True when `text` contains at least one valid personnummer or samordningsnummer, also percent-encoded in a link. */
export function containsIdentityNumber(text: string): boolean {
  if (findIdentityNumbers(text).length > 0) return true;
  const decoded = percentDecoded(text);
  return decoded !== undefined && findIdentityNumbers(decoded).length > 0;
}

/** Replaces every valid identity number in `text` with `replacement`. */
export function redactIdentityNumbers(text: string, replacement = '[personnummer borttaget]'): string {
  let out = '';
  let last = 0;
  for (const m of findIdentityNumbers(text)) {
    out += text.slice(last, m.start) + replacement;
    last = m.end;
  }
  return out + text.slice(last);
}
