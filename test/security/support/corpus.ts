/**
 * Seeded generators for the security suite: valid personnummer/samordningsnummer in every common written form,
 * near-misses that must pass, and a PRNG the fuzzers share. Deterministic: the same seed gives the same corpus.
 */

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Luhn check digit for nine digits (computed here independently; the suite cross-checks with the package). */
export function checkDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export interface IdentityNumber {
  /** Twelve digits, YYYYMMDDNNNC. */
  full: string;
  year: number;
  samordning: boolean;
  /** 100 years or older on the reference date (written with '+' in the ten-digit form). */
  centenarian: boolean;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A valid number: real date (samordningsnummer: day + 60), serial 001–999, correct check digit. */
export function identityNumber(r: () => number, opts: { year?: number; samordning?: boolean; referenceYear?: number } = {}): IdentityNumber {
  const ref = opts.referenceYear ?? 2026;
  const year = opts.year ?? int(r, 1905, 2025);
  const month = int(r, 1, 12);
  const day = int(r, 1, daysIn(year, month));
  const samordning = opts.samordning ?? r() < 0.2;
  const serial = pad(int(r, 1, 999), 3);
  const nine = `${pad(year % 100)}${pad(month)}${pad(samordning ? day + 60 : day)}${serial}`;
  return { full: `${Math.floor(year / 100)}${nine}${checkDigit(nine)}`, year, samordning, centenarian: ref - year >= 100 };
}

export type WrittenForm = (n: IdentityNumber) => string;

const ten = (n: IdentityNumber) => n.full.slice(2);
const sep = (n: IdentityNumber) => (n.centenarian ? '+' : '-');

/** Every common way of writing one, by name. Ten-digit forms use '+' for people aged 100 or more. */
export const FORMS: Record<string, WrittenForm> = {
  'YYMMDD-NNNN': (n) => `${ten(n).slice(0, 6)}${sep(n)}${ten(n).slice(6)}`,
  YYMMDDNNNN: (n) => ten(n),
  'YYYYMMDD-NNNN': (n) => `${n.full.slice(0, 8)}-${n.full.slice(8)}`,
  YYYYMMDDNNNN: (n) => n.full,
  'YYMMDD NNNN': (n) => `${ten(n).slice(0, 6)} ${ten(n).slice(6)}`,
  'YYYYMMDD NNNN': (n) => `${n.full.slice(0, 8)} ${n.full.slice(8)}`,
  'YYMMDD - NNNN': (n) => `${ten(n).slice(0, 6)} ${sep(n)} ${ten(n).slice(6)}`,
  'YYMMDD–NNNN (en dash)': (n) => `${ten(n).slice(0, 6)}${n.centenarian ? '+' : '\u2013'}${ten(n).slice(6)}`,
  'YYMMDD\u00a0NNNN (no-break space)': (n) => `${ten(n).slice(0, 6)}\u00a0${ten(n).slice(6)}`,
  'personnummer YYMMDDNNNN': (n) => `personnummer ${ten(n)}`,
  'Personnummer: YYMMDD-NNNN': (n) => `Personnummer: ${ten(n).slice(0, 6)}${sep(n)}${ten(n).slice(6)}`,
  'pnr YYMMDDNNNN': (n) => `pnr ${ten(n)}`,
  'pnr: YYYYMMDDNNNN': (n) => `pnr: ${n.full}`,
  'nr YYMMDDNNNN': (n) => `nr ${ten(n)}`,
  'p-nr YYMMDDNNNN': (n) => `p-nr ${ten(n)}`,
  'samordningsnummer YYMMDDNNNN': (n) => `samordningsnummer ${ten(n)}`,
  'nummer YYMMDDNNNN': (n) => `nummer ${ten(n)}`,
  '(YYMMDD-NNNN) in a sentence': (n) => `Brukaren (${ten(n).slice(0, 6)}${sep(n)}${ten(n).slice(6)}) föll i badrummet.`,
  'YYYYMMDD-NNNN, in a sentence': (n) => `Gäller ${n.full.slice(0, 8)}-${n.full.slice(8)}, som fick fel dos.`,
};

export interface Sample {
  text: string;
  form: string;
}

/**
 * At least `count` valid numbers, each written in one form (round-robin over FORMS so every form is well
 * represented), with a fixed share of the hard cases: born 2000–2009 (leading 0), 100 or older, samordningsnummer.
 */
export function validCorpus(seed: number, count: number): Sample[] {
  const r = rng(seed);
  const names = Object.keys(FORMS);
  const out: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const bucket = i % 10;
    const n =
      bucket < 3
        ? identityNumber(r, { year: int(r, 2000, 2009) })
        : bucket === 3
          ? identityNumber(r, { year: int(r, 1905, 1926) })
          : bucket === 4
            ? identityNumber(r, { samordning: true })
            : identityNumber(r);
    const form = names[i % names.length]!;
    out.push({ text: FORMS[form]!(n), form });
  }
  return out;
}

/** Near-misses: things a report really contains that must not be taken for an identity number. */
export function nearMissCorpus(seed: number, count: number): Sample[] {
  const r = rng(seed);
  const kinds: Array<[string, () => string]> = [
    [
      'bad check digit',
      () => {
        const n = identityNumber(r);
        const wrong = (Number(n.full[11]) + int(r, 1, 9)) % 10;
        const bad = { ...n, full: n.full.slice(0, 11) + wrong };
        return pick(r, [FORMS['YYMMDD-NNNN']!, FORMS['YYYYMMDD-NNNN']!, FORMS.YYYYMMDDNNNN!, FORMS['pnr YYMMDDNNNN']!, FORMS.YYMMDDNNNN!])(bad);
      },
    ],
    [
      'mobile number',
      () => {
        const p = `07${pick(r, ['0', '2', '3', '6', '9'])}`;
        const rest = pad(int(r, 0, 9_999_999), 7);
        return pick(r, [
          `${p}-${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`,
          `${p} ${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`,
          `+46 ${p.slice(1)} ${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`,
          `+46${p.slice(1)}${rest}`,
          `tel ${p}${rest}`,
          `Tel: ${p}${rest}`,
          `mobil ${p}${rest}`,
          `ring ${p}${rest}`,
          `telefonnummer ${p}${rest}`,
          `${p}-${rest}`,
          // Bare, with no phone word: indistinguishable from a child's personnummer when date and check digit fit.
          `${p}${rest}`,
        ]);
      },
    ],
    [
      'landline',
      () =>
        pick(r, [
          `08-${int(r, 100, 999)} ${int(r, 100, 999)} ${pad(int(r, 0, 99))}`,
          `031-${pad(int(r, 10, 99))} ${pad(int(r, 10, 99))} ${pad(int(r, 10, 99))}`,
          `0${int(r, 10, 99)}-${int(r, 10000, 99999)}`,
          `växel 08-${int(r, 100, 999)} ${pad(int(r, 0, 99))} ${pad(int(r, 0, 99))}`,
        ]),
    ],
    [
      'date',
      () => {
        const y = int(r, 2020, 2027);
        const m = int(r, 1, 12);
        const d = int(r, 1, 28);
        return pick(r, [
          `${y}-${pad(m)}-${pad(d)}`,
          `${y}${pad(m)}${pad(d)}`,
          `${d}/${m} ${y}`,
          `${y}-${pad(m)}-${pad(d)} kl. ${pad(int(r, 0, 23))}:${pad(int(r, 0, 59))}`,
          `${pad(y % 100)}${pad(m)}${pad(d)}`,
          `den ${d} ${pick(r, ['januari', 'mars', 'juni', 'oktober'])} ${y}`,
          `${y}-${pad(m)}-${pad(d)}–${y}-${pad(m)}-${pad(Math.min(28, d + 3))}`,
        ]);
      },
    ],
    [
      'case number',
      () =>
        pick(r, [
          `AVV-${int(r, 2024, 2027)}-${pad(int(r, 1, 9999), 4)}`,
          `SYN-${int(r, 2024, 2027)}-${pad(int(r, 1, 9999), 4)}`,
          `Dnr SN ${int(r, 2024, 2027)}/${int(r, 1, 999)}`,
          `dnr ${int(r, 1, 9)}.${int(r, 1, 9)}.${int(r, 1, 9)}-${int(r, 1000, 99999)}/${int(r, 2024, 2027)}`,
          `ärende AVV-${int(r, 2024, 2027)}-${pad(int(r, 1, 9999), 4)} och SYN-${int(r, 2024, 2027)}-${pad(int(r, 1, 9999), 4)}`,
        ]),
    ],
    [
      'postcode',
      () => pick(r, [`${int(r, 100, 989)} ${pad(int(r, 0, 99))}`, `${int(r, 10000, 98999)}`, `SE-${int(r, 100, 989)} ${pad(int(r, 0, 99))} Solby`, `Storgatan ${int(r, 1, 99)}, ${int(r, 100, 989)} ${pad(int(r, 0, 99))} Solby`]),
    ],
    [
      'other numbers',
      () =>
        pick(r, [
          `kl. ${pad(int(r, 0, 23))}.${pad(int(r, 0, 59))}`,
          `${int(r, 1, 999)} ${pad(int(r, 0, 999), 3)} kr`,
          `${int(r, 1, 20)} mg ${pick(r, ['Alvedon', 'Waran', 'Morfin'])}`,
          `org.nr 212000-${pad(int(r, 0, 9999), 4)}`,
          `rum ${int(r, 100, 420)}, våning ${int(r, 1, 6)}`,
          `faktura ${int(r, 100_000, 999_999)}`,
          `${int(r, 10, 99)} % av ${int(r, 100, 999)} brukare`,
        ]),
    ],
  ];
  const out: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const [form, make] = kinds[i % kinds.length]!;
    out.push({ text: make(), form });
  }
  return out;
}
