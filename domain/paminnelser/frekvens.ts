import type { Schedule } from './types.js';

/**
 * Reads the matrix's `frekvens` column ("Årligen", "Årligen senast 1 mars", "2 gånger/år (mars, augusti)",
 * "Kvartalsvis", "Månadsvis", "4 gånger/år", "Löpande", …) into a schedule.
 *
 * Without a stated date a period's duty is due on the last day of the period (31 Dec, end of quarter, end of
 * month). Anything else becomes `needs_schedule` — never silently dropped — and the caller reports a warning.
 */
export type FrekvensResult =
  | { ok: true; schedule: Schedule; /** Months a year the duty recurs, for interval use. */ perYear: number }
  | { ok: false; schedule: Extract<Schedule, { kind: 'needs_schedule' }>; warning: string };

export const MONTHS_SV = [
  'januari', 'februari', 'mars', 'april', 'maj', 'juni',
  'juli', 'augusti', 'september', 'oktober', 'november', 'december',
] as const;

const NO_REMINDER = /^(löpande|fortlöpande|kontinuerligt|vid behov|vid förekomst|vid händelse|när det behövs|enligt behov)\b/;

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

function fail(raw: string): FrekvensResult {
  return {
    ok: false,
    schedule: { kind: 'needs_schedule', raw },
    warning: `Frekvensen "${raw}" kunde inte tolkas – ange ett uttryckligt schema (t.ex. "Årligen senast 1 mars").`,
  };
}

export function parseFrekvens(input: string): FrekvensResult {
  const raw = input.trim().replace(/\s+/g, ' ');
  const text = raw.toLowerCase();
  if (!text) return fail(raw);
  if (NO_REMINDER.test(text)) return { ok: true, schedule: { kind: 'none', reason: raw }, perYear: 0 };

  // "... senast 1 mars" / "senast 1 mars och 31 augusti": explicit dates win over the period's default.
  const senast = /senast\s+(.+)$/.exec(text);
  let explicit: Array<{ month: number; day: number }> | undefined;
  if (senast) {
    const parts = senast[1]!.split(/\s*(?:,|och|resp\.?|respektive)\s*/).filter(Boolean);
    const dates = parts.map(parseDayMonth);
    if (dates.some((d) => !d)) return fail(raw);
    explicit = dates as Array<{ month: number; day: number }>;
  }
  const head = (senast ? text.slice(0, senast.index) : text).trim();

  // "(mars, augusti)" → last day of those months unless explicit dates were given.
  const paren = /\(([^)]*)\)/.exec(head);
  let months: number[] | undefined;
  if (paren) {
    const words = paren[1]!.split(/\s*(?:,|och|\/|&)\s*/).filter(Boolean);
    const ms = words.map(monthIndex);
    if (ms.some((m) => !m)) return fail(raw);
    months = ms as number[];
  }
  const period = head.replace(/\(.*?\)/g, '').trim();

  let perYear: number | undefined;
  if (/^(årligen|årsvis|en gång per år|1 gång\s*(\/|per|om)\s*år(et)?|varje år|årlig)$/.test(period)) perYear = 1;
  else if (/^(halvårsvis|varje halvår)$/.test(period)) perYear = 2;
  else if (/^(kvartalsvis|varje kvartal)$/.test(period)) perYear = 4;
  else if (/^(månadsvis|varje månad|månatligen)$/.test(period)) perYear = 12;
  else if (/^(varannan månad)$/.test(period)) perYear = 6;
  else if (/^(tertialvis)$/.test(period)) perYear = 3;
  else {
    const n = /^(\d{1,2})\s*gånger\s*(\/|per|om)\s*år(et)?$/.exec(period);
    if (n) perYear = Number(n[1]);
  }
  if (!perYear && period === '' && explicit) perYear = explicit.length; // "Senast 1 mars"
  if (!perYear) return fail(raw);

  let dates: Array<{ month: number; day: number }>;
  if (explicit) {
    dates = explicit;
    if (dates.length !== perYear && !(perYear === 1 && dates.length === 1)) {
      // "Kvartalsvis senast 1 mars" is ambiguous; ask for an explicit schedule instead of guessing.
      if (dates.length !== perYear) return fail(raw);
    }
  } else if (months) {
    if (months.length !== perYear) return fail(raw);
    dates = months.map((month) => ({ month, day: lastDay(month) }));
  } else {
    if (12 % perYear !== 0) return fail(raw);
    dates = evenly(perYear);
  }
  dates = [...dates].sort((a, b) => a.month - b.month || a.day - b.day);
  return { ok: true, schedule: { kind: 'yearly_dates', dates }, perYear };
}
