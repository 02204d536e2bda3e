import { easter } from 'date-easter';

/**
 * The days off in Sweden, as rules: the allmänna helgdagar of lag (1989:253) om allmänna helgdagar in the form it has
 * had since 2005 (nationaldagen a helgdag, annandag pingst no longer), and the three eves that are days off in
 * practice in Swedish public administration. Sundays are helgdagar too; the calendar treats every weekend as off.
 *
 * A table of sixteen rules (the thirteen named helgdagar and the three eves), not the
 * `date-holidays` package: that package loads the rules of every country on earth
 * (about 9 MB of live heap, a sixth of the bot's) to answer for one. `test/domain/calendar/swedish-holidays.test.ts`
 * holds this table against `date-holidays` for every year from 2005 to 2200, so the two cannot drift apart unseen.
 */
type Rule =
  /** The same date every year. */
  | { kind: 'fixed'; month: number; day: number }
  /** Days after (or, negative, before) Easter Sunday. */
  | { kind: 'easter'; offset: number }
  /** The first `weekday` (1 Monday … 7 Sunday) on or after the date. */
  | { kind: 'weekday-from'; weekday: number; month: number; day: number };

interface DayOffRule {
  name: string;
  rule: Rule;
  /** An allmän helgdag by law, or an eve that is off in practice. */
  kind: 'helgdag' | 'afton';
}

const fixed = (month: number, day: number): Rule => ({ kind: 'fixed', month, day });
const fromEaster = (offset: number): Rule => ({ kind: 'easter', offset });
const SATURDAY = 6;
const FRIDAY = 5;

const SWEDISH_DAYS_OFF: readonly DayOffRule[] = [
  { name: 'nyårsdagen', rule: fixed(1, 1), kind: 'helgdag' },
  { name: 'trettondedag jul', rule: fixed(1, 6), kind: 'helgdag' },
  { name: 'långfredagen', rule: fromEaster(-2), kind: 'helgdag' },
  { name: 'påskdagen', rule: fromEaster(0), kind: 'helgdag' },
  { name: 'annandag påsk', rule: fromEaster(1), kind: 'helgdag' },
  { name: 'första maj', rule: fixed(5, 1), kind: 'helgdag' },
  { name: 'Kristi himmelsfärdsdag', rule: fromEaster(39), kind: 'helgdag' },
  { name: 'pingstdagen', rule: fromEaster(49), kind: 'helgdag' },
  { name: 'nationaldagen', rule: fixed(6, 6), kind: 'helgdag' },
  { name: 'midsommarafton', rule: { kind: 'weekday-from', weekday: FRIDAY, month: 6, day: 19 }, kind: 'afton' },
  { name: 'midsommardagen', rule: { kind: 'weekday-from', weekday: SATURDAY, month: 6, day: 20 }, kind: 'helgdag' },
  { name: 'alla helgons dag', rule: { kind: 'weekday-from', weekday: SATURDAY, month: 10, day: 31 }, kind: 'helgdag' },
  { name: 'julafton', rule: fixed(12, 24), kind: 'afton' },
  { name: 'juldagen', rule: fixed(12, 25), kind: 'helgdag' },
  { name: 'annandag jul', rule: fixed(12, 26), kind: 'helgdag' },
  { name: 'nyårsafton', rule: fixed(12, 31), kind: 'afton' },
];

/** Dates as UTC midnights: only the calendar date matters here, and UTC has no daylight saving to trip over. */
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const utc = (year: number, month: number, day: number): Date => new Date(Date.UTC(year, month - 1, day));

function dateOf(rule: Rule, year: number): string {
  switch (rule.kind) {
    case 'fixed':
      return iso(utc(year, rule.month, rule.day));
    case 'easter': {
      const e = easter(year);
      return iso(utc(year, e.month, e.day + rule.offset));
    }
    case 'weekday-from': {
      const start = utc(year, rule.month, rule.day);
      const weekday = start.getUTCDay() || 7;
      return iso(utc(year, rule.month, rule.day + ((rule.weekday - weekday + 7) % 7)));
    }
  }
}

/** The days off of one year: `YYYY-MM-DD` → name, in the order of the table. */
export function swedishDaysOff(year: number): Map<string, string> {
  const days = new Map<string, string>();
  for (const { name, rule } of SWEDISH_DAYS_OFF) {
    const date = dateOf(rule, year);
    if (!days.has(date)) days.set(date, name);
  }
  return days;
}
