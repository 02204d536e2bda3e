/**
 * Every text a person sees from the reminders, Swedish first. Kept here so it can be reviewed and translated.
 * No client details: titles are duty/routine names or case numbers only.
 */
export type Locale = 'sv' | 'en';

const sv = {
  nudgeTitleLead: (title: string, days: number) => `Påminnelse: ${title} – om ${days} ${days === 1 ? 'dag' : 'dagar'}`,
  nudgeTitleDue: (title: string) => `Påminnelse: ${title} – i dag`,
  nudgeTitleOverdue: (title: string) => `Försenad: ${title}`,
  nudgeTitleSnooze: (title: string) => `Påminnelse igen: ${title}`,
  nudgeTitleDeadlineSoon: (title: string, when: string) => `Påminnelse: ${title} – senast ${when}`,
  nudgeTitleDeadlineLate: (title: string, when: string) => `Försenad: ${title} – tiden gick ut ${when}`,
  nudgeIntro: 'Du står som ansvarig för den här uppgiften i ledningssystemet.',
  escalationIntro: (who: string) => `Uppgiften är inte markerad som klar. Du får detta som chef för ${who}.`,
  factDue: 'Senast',
  factUnit: 'Enhet',
  factNote: 'Att tänka på',
  factMovedFrom: 'Flyttad från',
  actionDone: 'Klar',
  actionSnooze1d: 'Påminn mig om 1 dag',
  actionSnooze1w: 'Påminn mig om 1 vecka',
  actionNotMine: 'Inte min uppgift',
  footnote: 'Markera Klar när uppgiften är gjord – gärna med en kommentar eller länk som dokumentation.',
  doneConfirm: (title: string) => `Tack! "${title}" är markerad som klar.`,
  snoozeConfirm: (when: string) => `Okej, du får en ny påminnelse ${when}.`,
  notMineConfirm: 'Tack, administratörerna har fått veta att uppgiften behöver en annan ansvarig.',
  adminNotMineTitle: 'Uppgift utan ansvarig',
  adminNotMineText: (person: string, title: string) => `${person} säger att "${title}" inte är hens uppgift. Ange rätt ansvarig.`,
  adminNoAddressTitle: 'Påminnelse kunde inte skickas',
  adminNoAddressText: (person: string, title: string) =>
    `${person} ska påminnas om "${title}" men boten har ingen chattadress. Be personen öppna boten en gång, eller ange en annan ansvarig.`,
  adminNoRecipientTitle: 'Ingen mottagare hittades',
  adminNoRecipientText: (title: string, who: string) => `Ingen person hittades för ${who} till "${title}". Kontrollera rollerna i ansvarsmatrisen.`,
  defaultDateWarning: (n: number) =>
    `${n} årliga uppgifter anger ingen dag och får standarddatumet 30 november (se docs/paminnelser.md). Skriv t.ex. "Årligen, senast 1 mars" i kolumnen frekvens för ett annat datum; torrkörningen visar vilka.`,
  adminUnreachableRemindersTitle: (n: number) => `${n} påminnelser når ingen person`,
  unreachableLine: (title: string, who: string) => `"${title}": ingen person har ${who}.`,
  upcomingTitle: 'Mina kommande uppgifter',
  upcomingEmpty: 'Du har inga uppgifter med förfallodatum de närmaste veckorna.',
  roleLabel: (role: string, unit?: string) => (unit ? `${role} (${unit})` : role),
  dryRunHeader: (from: string, to: string) => `Torrkörning ${from} – ${to}: det här skulle skickas`,
  dryRunWarnings: 'Varningar',
  stageLead: (days: number) => `${days} dagar före`,
  stageDue: 'förfallodagen',
  stageEscalation: 'eskalering till chef',
  stageSoon: 'tiden börjar ta slut',
  stageLate: 'tiden har gått ut',
} as const;

type Messages = { [K in keyof typeof sv]: (typeof sv)[K] extends string ? string : (typeof sv)[K] };

const en: Messages = {
  nudgeTitleLead: (title, days) => `Reminder: ${title} – in ${days} ${days === 1 ? 'day' : 'days'}`,
  nudgeTitleDue: (title) => `Reminder: ${title} – today`,
  nudgeTitleOverdue: (title) => `Overdue: ${title}`,
  nudgeTitleSnooze: (title) => `Reminder again: ${title}`,
  nudgeTitleDeadlineSoon: (title, when) => `Reminder: ${title} – due ${when}`,
  nudgeTitleDeadlineLate: (title, when) => `Overdue: ${title} – the time ran out ${when}`,
  nudgeIntro: 'You are responsible for this task in the quality management system.',
  escalationIntro: (who) => `The task is not marked as done. You receive this as the manager of ${who}.`,
  factDue: 'Due',
  factUnit: 'Unit',
  factNote: 'Note',
  factMovedFrom: 'Moved from',
  actionDone: 'Done',
  actionSnooze1d: 'Remind me in 1 day',
  actionSnooze1w: 'Remind me in 1 week',
  actionNotMine: 'Not my task',
  footnote: 'Mark Done when the task is complete – preferably with a comment or link as documentation.',
  doneConfirm: (title) => `Thanks! "${title}" is marked as done.`,
  snoozeConfirm: (when) => `OK, you will be reminded again ${when}.`,
  notMineConfirm: 'Thanks, the administrators have been told the task needs another owner.',
  adminNotMineTitle: 'Task without an owner',
  adminNotMineText: (person, title) => `${person} says "${title}" is not their task. Please set the right owner.`,
  adminNoAddressTitle: 'Reminder could not be sent',
  adminNoAddressText: (person, title) =>
    `${person} should be reminded of "${title}" but the bot has no chat address. Ask them to open the bot once, or set another owner.`,
  adminNoRecipientTitle: 'No recipient found',
  adminNoRecipientText: (title, who) => `No person found for ${who} for "${title}". Check the roles in the responsibility matrix.`,
  defaultDateWarning: (n) =>
    `${n} yearly duties name no day and get the default date 30 November (see docs/paminnelser.md). Write e.g. "Årligen, senast 1 mars" in the frekvens column for another date; the dry run shows which.`,
  adminUnreachableRemindersTitle: (n) => `${n} reminders reach nobody`,
  unreachableLine: (title, who) => `"${title}": nobody holds ${who}.`,
  upcomingTitle: 'My upcoming tasks',
  upcomingEmpty: 'You have no tasks due in the coming weeks.',
  roleLabel: (role, unit) => (unit ? `${role} (${unit})` : role),
  dryRunHeader: (from, to) => `Dry run ${from} – ${to}: this would be sent`,
  dryRunWarnings: 'Warnings',
  stageLead: (days) => `${days} days before`,
  stageDue: 'the due day',
  stageEscalation: 'escalation to manager',
  stageSoon: 'time running out',
  stageLate: 'deadline passed',
};

export function messages(locale: Locale = 'sv'): Messages {
  return locale === 'en' ? en : (sv as Messages);
}

/** Calendar days from one Stockholm date to another (2026-12-01 → 2026-12-03 = 2), DST-proof (dates, not hours). */
export function calendarDaysBetween(from: string, to: string): number {
  const a = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)));
  const b = Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10)));
  return Math.round((b - a) / 86_400_000);
}

/** Swedish date and time in Stockholm for a deadline: "i dag kl. 13:00", "3 december 2026 kl. 09:00". */
export function formatDateTimeSv(at: Date, today?: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `kl. ${parts.hour}:${parts.minute}`;
  return date === today ? `i dag ${time}` : `${formatDateSv(date)} ${time}`;
}

/** Swedish date for people: "1 mars 2027". */
export function formatDateSv(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const months = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
  return `${d} ${months[(m ?? 1) - 1]} ${y}`;
}

/** Import errors (line-level), Swedish. */
export const importTexts = {
  missingColumn: (col: string) => `Kolumnen "${col}" saknas i rubrikraden.`,
  missingValue: (line: number, col: string) => `Rad ${line}: "${col}" är tom.`,
  badDate: (line: number, col: string, value: string) => `Rad ${line}: "${col}" ska vara ett datum ÅÅÅÅ-MM-DD, inte "${value}".`,
  badInterval: (line: number, value: string) => `Rad ${line}: "intervall_månader" ska vara ett heltal 1–120, inte "${value}".`,
  duplicate: (line: number, first: number) => `Rad ${line}: samma rad finns redan på rad ${first}.`,
  unreadable: (reason: string) => `Filen kunde inte läsas: ${reason}`,
  frekvens: (line: number, warning: string) => `Rad ${line}: ${warning}`,
  overdue: (line: number, due: string) => `Rad ${line}: översynen skulle ha gjorts ${due}; påminnelsen gäller från i dag.`,
  noReminder: (line: number, raw: string) => `Rad ${line}: "${raw}" ger ingen påminnelse.`,
  empty: 'Filen innehåller inga rader.',
  unknownUnit: (line: number, unit: string) => `Rad ${line}: enheten "${unit}" finns inte i organisationen (ange enhetens namn, kortnamn eller id).`,
  nobody: (line: number, who: string) => `Rad ${line}: ingen person har ${who} – påminnelsen skulle inte nå någon. Ange en roll som någon har, eller person:<e-post>.`,
} as const;
