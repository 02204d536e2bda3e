import type { Schedule } from './schema.js';

/**
 * Reads the matrix's `frekvens` column into a schedule. The texts are the ones municipalities write (the starter
 * matrix and the real documents use all of these):
 *
 * - "Årligen", "Minst en gång per år", "Ses över årligen", "Löpande, minst årligen"  → once a year
 * - "Årligen, senast 1 mars", "årligen senast 1 mars"                                → 1 March
 * - "Årligen, redovisas i juni"                                                      → the last day of June
 * - "2 gånger/år: mars och augusti", "två gånger per år i mars och augusti",
 *   "2 gånger/år (mars, augusti)", "per mars och augusti"                            → last day of March and August
 * - "Kvartalsvis", "varje kvartal", "4 gånger/år"                                    → the last day of each quarter
 * - "Månadsvis", "Halvårsvis", "Tertialvis", "3 gånger/år"                           → the last day of each period
 * - "inför varje nytt verksamhetsår"                                                 → {@link BEFORE_NEW_YEAR}
 * * - "Löpande", "Vid behov", "Genast", "Enligt åtgärdsplanen", "Vid varje nyanställning" → no reminder (answerable in
 *   "vem ansvarar …?", never scheduled)
 *
 * A yearly duty with no day in the text is due on {@link DEFAULT_YEARLY} — an explicit, documented default
 * (docs/paminnelser.md), reported in `assumption` so the admin sees it in the dry run and on the card. Anything else
 * is `ok: false` with a Swedish reason; the imports reject such a line with its line number.
 */
export type FrekvensResult =
  | {
      ok: true;
      schedule: Schedule;
      /** Times a year the duty recurs (0 for no reminder). */
      perYear: number;
      /** Set when a date was not in the text and a documented default was used; Swedish, shown to admins. */
      assumption?: string;
    }
  | { ok: false; schedule: Extract<Schedule, { kind: 'needs_schedule' }>; warning: string };

export const MONTHS_SV = [
  'januari', 'februari', 'mars', 'april', 'maj', 'juni',
  'juli', 'augusti', 'september', 'oktober', 'november', 'december',
] as const;

/** The due day of a yearly duty whose text names no day ("Årligen"). Documented in docs/paminnelser.md. */
const DEFAULT_YEARLY = { month: 11, day: 30 } as const;
/** "Inför varje nytt verksamhetsår": done before the board plans the next year. Documented in docs/paminnelser.md. */
const BEFORE_NEW_YEAR = { month: 11, day: 30 } as const;

/** Event-driven duties: answerable ("vem ansvarar …?") but never scheduled. */
const EVENT = /\b(löpande|fortlöpande|kontinuerligt|vid|när det (behövs|inträffar)|enligt|genast|omedelbart|omgående|utan dröjsmål|snarast|inför varje|inom)\b/;
/** Recurring, but no period is given: no reminder, and the import warns so the admin can write one. */
const VAGUE = /\b(regelbundet|återkommande)\b/;

const NUMBER_WORDS: Record<string, number> = { en: 1, ett: 1, två: 2, tre: 3, fyra: 4, sex: 6, tolv: 12 };

function monthIndex(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = MONTHS_SV.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w)));
  return i >= 0 ? i + 1 : undefined;
}

function lastDay(month: number): number {
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Period ends for n evenly spaced occurrences a year (n divides 12): 4 → Mar, Jun, Sep, Dec. */
function evenly(n: number): Array<{ month: number; day: number }> {
  const step = 12 / n;
  return Array.from({ length: n }, (_, i) => {
    const month = step * (i + 1);
    return { month, day: lastDay(month) };
  });
}

/** "1 mars", "31 augusti", "15/3" → { month, day } */
function parseDayMonth(text: string): { month: number; day: number } | undefined {
  const named = /^(\d{1,2})\s+([a-zåäö]+\.?)$/i.exec(text.trim());
  if (named) {
    const month = monthIndex(named[2]!);
    const day = Number(named[1]);
    if (month && day >= 1 && day <= lastDay(month) + (month === 2 ? 1 : 0)) return { month, day: Math.min(day, lastDay(month)) };
    return undefined;
  }
  const numeric = /^(\d{1,2})\/(\d{1,2})$/.exec(text.trim());
  if (numeric) {
    const day = Number(numeric[1]);
    const month = Number(numeric[2]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= lastDay(month)) return { month, day };
  }
  return undefined;
}

function fail(raw: string, reason?: string): FrekvensResult {
  return {
    ok: false,
    schedule: { kind: 'needs_schedule', raw },
    warning: `Frekvensen "${raw}" kunde inte tolkas${reason ? ` (${reason})` : ''} – skriv t.ex. "Årligen, senast 1 mars", "2 gånger/år: mars och augusti", "Kvartalsvis" eller "Löpande".`,
  };
}

/** How many times a year the text says, or undefined when it names no period. */
function periodsPerYear(text: string): number | undefined {
  const n = /(\d{1,2}|en|ett|två|tre|fyra|sex|tolv)\s*gång(?:er)?\s*(?:\/|per|om|i)\s*år(?:et)?\b/.exec(text);
  if (n) return /^\d+$/.test(n[1]!) ? Number(n[1]) : NUMBER_WORDS[n[1]!];
  const occasions = /(\d{1,2}|två|tre|fyra|sex|tolv)\s*tillfällen/.exec(text); // "vid två tillfällen (per mars och augusti)"
  if (occasions) return /^\d+$/.test(occasions[1]!) ? Number(occasions[1]) : NUMBER_WORDS[occasions[1]!];
  if (/kvartal/.test(text)) return 4;
  if (/halvår/.test(text)) return 2;
  if (/tertial/.test(text)) return 3;
  if (/varannan månad/.test(text)) return 6;
  if (/månadsvis|månatligen|varje månad|en gång i månaden/.test(text)) return 12;
  if (/årlig|årsvis|varje år|verksamhetsår/.test(text)) return 1;
  return undefined;
}

/** Months named after ":", "i", "per" or in parentheses: "2 gånger/år: mars och augusti", "redovisas i juni". */
function namedMonths(text: string): number[] | undefined | 'bad' {
  const list =
    /:\s*([a-zåäö ,&/]+)$/.exec(text)?.[1] ??
    /\(([^)]*)\)/.exec(text)?.[1] ??
    /\b(?:i|per|under)\s+((?:[a-zåäö]+)(?:\s*(?:,|och|&|\/)\s*[a-zåäö]+)*)\s*$/.exec(text)?.[1];
  if (!list) return undefined;
  const words = list.trim().replace(/^(?:i|per|under)\s+/, '').split(/\s*(?:,|och|&|\/)\s*/).filter(Boolean);
  const months = words.map(monthIndex);
  if (months.every((m) => m === undefined)) return undefined; // "i verksamheten": not months at all
  if (months.some((m) => m === undefined)) return 'bad';
  return months as number[];
}

export function parseFrekvens(input: string): FrekvensResult {
  const raw = input.trim().replace(/\s+/g, ' ');
  const text = raw.toLowerCase().replace(/\.$/, '');
  if (!text) return fail(raw, 'tom');

  let perYear = periodsPerYear(text);
  const senast = /senast\s+(.+)$/.exec(text);
  let explicit: Array<{ month: number; day: number }> | undefined;
  if (senast) {
    const parts = senast[1]!.split(/\s*(?:,|och|resp\.?|respektive)\s*/).filter(Boolean);
    const dates = parts.map(parseDayMonth);
    if (dates.some((d) => !d)) return fail(raw, `"${senast[1]}" är inget datum`);
    explicit = dates as Array<{ month: number; day: number }>;
    perYear ??= explicit.length; // "Senast 1 mars"
  }

  if (perYear === undefined) {
    if (EVENT.test(text)) return { ok: true, schedule: { kind: 'none', reason: raw }, perYear: 0 };
    if (VAGUE.test(text)) {
      return { ok: true, schedule: { kind: 'none', reason: raw }, perYear: 0, assumption: `"${raw}" anger ingen period – ingen påminnelse; skriv t.ex. "Kvartalsvis" eller "Årligen, senast 1 mars" för att få en` };
    }
    return fail(raw, 'ingen period');
  }
  if (perYear < 1 || perYear > 12) return fail(raw, `${perYear} gånger per år`);

  const head = senast ? text.slice(0, senast.index).replace(/[,;]\s*$/, '') : text;
  const months = explicit ? undefined : namedMonths(head);
  if (months === 'bad') return fail(raw, 'okänd månad');

  let dates: Array<{ month: number; day: number }>;
  let assumption: string | undefined;
  if (explicit) {
    if (explicit.length !== perYear) return fail(raw, `${perYear} gånger per år men ${explicit.length} datum`);
    dates = explicit;
  } else if (months) {
    if (months.length !== perYear) return fail(raw, `${perYear} gånger per år men ${months.length} månader`);
    dates = months.map((month) => ({ month, day: lastDay(month) }));
    assumption = 'ingen dag angiven – månadens sista dag';
  } else if (perYear === 1) {
    const beforeYear = /inför (varje )?(nytt )?verksamhetsår/.test(text);
    dates = [beforeYear ? BEFORE_NEW_YEAR : DEFAULT_YEARLY];
    const d = dates[0]!;
    assumption = beforeYear
      ? `inför nytt verksamhetsår – standarddatum ${d.day} ${MONTHS_SV[d.month - 1]}`
      : `ingen dag angiven – standarddatum ${d.day} ${MONTHS_SV[d.month - 1]}`;
  } else {
    if (12 % perYear !== 0) return fail(raw, `${perYear} gånger per år utan angivna månader`);
    dates = evenly(perYear);
    assumption = 'ingen dag angiven – periodens sista dag';
  }
  dates = [...dates].sort((a, b) => a.month - b.month || a.day - b.day);
  return { ok: true, schedule: { kind: 'yearly_dates', dates }, perYear, ...(assumption ? { assumption } : {}) };
}
