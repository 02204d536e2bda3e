/**
 * Every user-visible text of the administration feature (chat cards and CLI output), Swedish. Errors with codes are
 * in `errors.ts`.
 */
export const settingText = {
  labelAnswerDays: 'Svarstid för synpunkter och klagomål (dagar)',
  labelAnswerMode: 'Svarstiden räknas i',
  labelAcknowledge: 'Kvittera en avvikelse inom (arbetsdagar)',
  labelLexEscalate: 'Lex Sarah/lex Maria: eskalera om inte kvitterad inom (timmar)',
  labelLeadDays: 'Påminnelser skickas så här många dagar före (0 = samma dag)',
  labelOfficeHours: 'Kontorstid för påminnelser',
  labelFallbackRole: 'Reservmottagare (roll) när ingen har den ansvariga rollen',
  labelPrivateProviders: 'Enheter som drivs av privata utförare (lex Sarah: nämnden informeras)',
  unitList: 'ange enheternas namn, åtskilda med komma (högst 50).',
  noUnits: 'inga',
  labelSmallCell: 'Sammanställning: minsta grupp som visas',
  calendarDays: 'kalenderdagar',
  workingDays: 'arbetsdagar',
  anyTime: 'när som helst',
  wholeNumber: (min: number, max: number) => `ange ett heltal från ${min} till ${max}.`,
  modeWords: 'ange kalenderdagar eller arbetsdagar.',
  leadDays: 'ange 1–10 heltal från 0 till 365, åtskilda med kommatecken (t.ex. 14,3,0).',
  officeHours: 'ange start och slut som TT:MM-TT:MM, där start är före slut (t.ex. 08:00-16:30).',
  roleName: 'ange ett rollnamn (högst 100 tecken).',
};

export const adminText = {
  helpTitle: 'Administration av kvalitetsboten',
  helpIntro: 'Kommandon för administratörer. Allt du gör här loggas i granskningsloggen.',
  commands: [
    { command: 'admin versioner', detail: 'Visa ansvarsmatrisens versioner och vilken som gäller.' },
    { command: 'admin återställ ansvarsmatris', detail: 'Gå tillbaka till versionen före den senaste importen.' },
    { command: 'admin påminnelser 2027-02-01 2027-03-31', detail: 'Torrkörning: vilka påminnelser som skulle skickas till vem under perioden.' },
    { command: 'admin döda meddelanden', detail: 'Meddelanden som inte kunde levereras, med orsak.' },
    { command: 'admin skicka om <referens>', detail: 'Försök leverera ett olevererat meddelande igen.' },
    { command: 'admin inställningar', detail: 'Visa svarstider, påminnelsedagar, kontorstid och reservmottagare.' },
    { command: 'admin inställning <nyckel> <värde>', detail: 'Ändra en inställning; värdet "standard" återställer standardvärdet.' },
  ],
  helpImport: 'Import: skicka filerna (csv, xlsx, yaml) till boten i ett personligt meddelande. Allt eller inget importeras.',
  unknownCommand: (text: string) => `Okänt administratörskommando: "${text}".`,
  refusedTitle: 'Endast för administratörer',

  rolledBackTitle: 'Ansvarsmatrisen är återställd',
  rolledBack: (from: number, to: number) => `Version ${from} → version ${to}. Version ${to} gäller nu för alla frågor och all routning.`,
  versionFact: (v: number) => `Version ${v}`,
  versionDetail: (date: string, entries: number, people: number, units: number, note?: string) =>
    `${date} · ${entries} aktiviteter, ${people} personer, ${units} enheter${note ? ` · ${note}` : ''}`,
  versionsTitle: 'Ansvarsmatrisens versioner',
  versionsActive: (v: number | undefined) => (v ? `Version ${v} gäller nu.` : 'Ingen version är aktiv ännu.'),
  versionActiveMark: ' (gäller)',
  versionsNone: 'Ingen ansvarsmatris har importerats ännu.',
  versionsRollbackHint: 'Återställ med "admin återställ ansvarsmatris".',

  dryRunTitle: (from: string, to: string) => `Torrkörning av påminnelser ${from} – ${to}`,
  dryRunCount: (n: number) => (n === 1 ? '1 påminnelse skulle skickas. Ingenting skickas eller sparas.' : `${n} påminnelser skulle skickas. Ingenting skickas eller sparas.`),
  dryRunMore: (n: number) => `… och ${n} till. Hela listan: kvalitetsbot reminders --dry-run --from … --to …`,
  dryRunNone: 'Inga påminnelser skulle skickas under perioden.',
  dryRunWarnings: 'Att åtgärda',
  stageLead: (d: number) => (d === 0 ? 'på förfallodagen' : `${d} dagar före`),
  stageEscalation: 'eskalering till chef',
  stageSnooze: 'efter snooze',
  dryRunDetail: (to: string, stage: string, due: string) => `→ ${to || 'ingen mottagare'} · ${stage} · senast ${due}`,

  deadTitle: 'Olevererade meddelanden',
  deadNone: 'Inga olevererade meddelanden. Allt som köats har skickats eller väntar på sitt nästa försök.',
  deadCount: (shown: number, total: number) =>
    shown < total ? `Visar ${shown} av ${total}. Innehållet visas inte här.` : `${total} st. Innehållet visas inte här.`,
  deadItem: (ref: string, kind: string) => `${ref} · ${kind}`,
  deadDetail: (status: string, channel: string, attempts: number, created: string, reason: string) =>
    `${status} · ${channel} · ${attempts} försök · köat ${created} · orsak: ${reason}`,
  deadRequeueHint: 'Rätta orsaken (t.ex. installera appen för mottagaren) och skriv "admin skicka om <referens>".',
  statusDead: 'gav upp',
  statusUnreachable: 'mottagaren nås inte',
  waitingDetail: (name: string, created: string) =>
    `väntar på chattadress till ${name} · köat ${created} · skickas automatiskt när ${name} öppnar Kvalitetsboten i Teams eller Slack`,
  noReason: 'okänd',
  requeuedTitle: 'Meddelandet köas igen',
  requeued: (ref: string) => `${ref} skickas vid nästa försök (inom en minut).`,

  settingsTitle: 'Inställningar',
  settingsVersion: (v: number, at?: string, by?: string) =>
    v === 0 ? 'Inga ändringar sparade; alla standardvärden gäller.' : `Version ${v}${at ? `, ändrad ${at}` : ''}${by ? ` av ${by}` : ''}.`,
  settingsFactLabel: (label: string, key: string) => `${label} [${key}]`,
  settingsDefaultMark: ' (standard)',
  settingsHint: 'Ändra med "admin inställning <nyckel> <värde>", t.ex. "admin inställning svarstid 10".',
  settingChangedTitle: 'Inställningen är ändrad',
  settingChanged: (label: string, from: string, to: string) => `${label}: ${from} → ${to}.`,
  settingReset: (label: string, to: string) => `${label}: tillbaka till standardvärdet ${to}.`,
  settingApplied: 'Ändringen gäller i den här instansen direkt och i övriga instanser inom en minut.',
  unknownRoleWarning: (role: string) => `Varning: rollen "${role}" finns inte i organisationen just nu. Ärenden utan mottagare går då till administratörerna.`,

  importTitle: (v: number) => `Ansvarsmatrisen är importerad som version ${v}`,
  importCounts: (c: { entries: number; units: number; roles: number; people: number; vocabulary: number }) => [
    { label: 'Aktiviteter', value: String(c.entries) },
    { label: 'Enheter', value: String(c.units) },
    { label: 'Roller', value: String(c.roles) },
    { label: 'Personer', value: String(c.people) },
    { label: 'Synonymer', value: String(c.vocabulary) },
  ],
  importReplaced: (tables: string[]) => `Ersatta tabeller: ${tables.join(', ')}.`,
  importWarnings: (n: number) => `${n} varningar:`,
  importMoreWarnings: (n: number) => `… och ${n} varningar till (se "kvalitetsbot import" på kommandoraden för alla).`,
  importRollbackHint: 'Blev det fel? Skriv "admin återställ ansvarsmatris".',
  importRejectedTitle: 'Importen avbröts – ingenting har ändrats',
  importRejectedMore: (n: number) => `… och ${n} fel till.`,

  cliSettingsHeader: 'Inställningar (nyckel: värde)',
  cliSetUsage: 'Användning: kvalitetsbot settings [get <nyckel> | set <nyckel> <värde>]',
  cliDeadUsage: 'Användning: kvalitetsbot dead-letters [--requeue <referens>]',
  cliRestartNote: 'Körande instanser läser in ändringen inom en minut.',
};
