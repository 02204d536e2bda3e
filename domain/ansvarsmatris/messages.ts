/**
 * Every user-visible text of the ansvarsmatris feature, Swedish first. Errors with codes are in `errors.ts`; this
 * file holds import issues, answer texts, card labels and CLI output.
 */
export const importText = {
  unreadable: (reason: string) => `Filen kunde inte läsas: ${reason}.`,
  unknownFormat: (ext: string) => `Okänt filformat "${ext}". Använd .csv, .txt, .xlsx, .yaml, .yml eller .json.`,
  unknownHeader: (headers: string) =>
    `Rubrikraden känns inte igen (${headers}). Förväntade t.ex. "område;aktivitet;ansvarig;frekvens;rapporteras_till;källa", ` +
    `"enhet;överordnad", "namn;epost;roll;enhet", "roll;alias" eller "term;synonymer".`,
  missingColumn: (column: string) => `Kolumnen "${column}" saknas i rubrikraden.`,
  emptyFile: 'Filen är tom eller saknar rubrikrad.',
  columnCount: (got: number, expected: number) => `Raden har ${got} kolumner men rubrikraden har ${expected}.`,
  required: 'Värde saknas (obligatoriskt).',
  invalidEmail: (value: string) => `"${value}" är ingen giltig e-postadress.`,
  unknownUnit: (value: string) => `Enheten "${value}" finns inte i organisationen.`,
  unknownParent: (value: string) => `Den överordnade enheten "${value}" finns inte i organisationen.`,
  duplicateUnit: (value: string, firstLine: number | undefined) =>
    `Enheten "${value}" finns redan${firstLine ? ` (rad ${firstLine})` : ''}. Namn, kortnamn och alias måste vara unika.`,
  duplicateRole: (value: string, firstLine: number | undefined) =>
    `Rollen eller aliaset "${value}" finns redan${firstLine ? ` (rad ${firstLine})` : ''}.`,
  cycle: (path: string) => `Organisationen bildar en cirkel: ${path}.`,
  invalidBoolean: (value: string) => `"${value}" ska vara ja eller nej.`,
  invalidWordKind: (value: string) => `"${value}" ska vara verb eller tomt.`,
  invalidUnitKind: (value: string) => `"${value}" ska vara förvaltning, avdelning, sektor eller enhet.`,
  emptyRoleInList: 'En roll i listan är tom (två kommatecken i rad?).',
  unknownRoleInPeople: (value: string) => `Rollen "${value}" är okänd; den läggs till som ny roll.`,
  roleWithoutHolder: (role: string) => `Rollen "${role}" finns i matrisen men ingen person har rollen.`,
  duplicateActivity: (value: string, firstLine: number | undefined) =>
    `Aktiviteten "${value}" finns redan i samma område${firstLine ? ` (rad ${firstLine})` : ''}.`,
  carriedOver: '(befintliga data)',
  carriedOverUnknownUnit: (person: string, unit: string) =>
    `Personen ${person} är kopplad till enheten "${unit}", som inte finns i den nya organisationen. Importera även personerna.`,
  carriedOverUnknownRole: (roleId: string) =>
    `Rollen "${roleId}" används av befintliga data men finns inte i den nya rolltabellen. Importera även matris och personer.`,
  tooManyIssues: (n: number) => `… och ${n} fel till.`,
};

/** The answer card's texts in Swedish; `answerTextEn` has the same keys in English (the second locale). */
export const answerText = {
  title: (aktivitet: string) => aktivitet,
  noMatchTitle: 'Jag hittar inget säkert svar',
  noMatch: 'Jag hittade ingen aktivitet i ansvarsmatrisen som passar frågan. Hellre inget namn än fel namn.',
  askInstead: (who: string) => `Fråga hellre ${who}.`,
  askManager: 'Fråga din närmaste chef.',
  didYouMean: 'Menade du …?',
  roleHoldersTitle: (role: string, unit?: string) => (unit ? `${role} för ${unit}` : role),
  roleNobody: (role: string) => `Ingen person är registrerad med rollen ${role}.`,
  roleUnknownUnit: 'Ange din enhet för att se vem som har rollen hos er.',
  roleDutiesTitle: (role: string) => `Det här ansvarar ${role} för`,
  roleDutiesMore: (shown: number, total: number) => `Visar ${shown} av ${total} aktiviteter. Fråga mer precist, t.ex. "vad ansvarar enhetschefen för när det gäller avvikelser?".`,
  roleDutiesNone: (role: string) => `Rollen ${role} står inte som ansvarig för någon aktivitet i matrisen.`,
  labelOmrade: 'Område',
  labelRoles: 'Ansvarig roll',
  labelPeople: 'Person',
  labelFrekvens: 'Frekvens',
  labelRapporteras: 'Rapporteras till',
  labelKalla: 'Källa',
  labelUnit: 'Enhet',
  holderAt: (name: string, unit: string) => `${name} (${unit})`,
  noHolder: 'ingen person kopplad',
  manyHolders: (n: number) => `${n} personer har rollen – ange din enhet för att se vem`,
  forYourUnit: (unit: string) => `Personer gäller ${unit}.`,
  footnote: (version: number) => `Källa: ansvarsmatrisen, version ${version}.`,
  alternativeAction: (aktivitet: string) => aktivitet,
  organisationWide: (role: string) => `${role} finns för hela organisationen.`,
  chainAbove: (role: string, unit: string, manager: string) => `${unit} har ingen ${role.toLowerCase()}; närmaste chef är ${manager}.`,
  recipientLead: (to: string) => `Rapporteras till: ${to}.`,
  knownAreas: (areas: string) => `Ansvarsmatrisen har svar inom till exempel: ${areas}.`,
  personWithRole: (name: string, role: string, unit?: string) => (unit ? `${name} (${role}, ${unit})` : `${name} (${role})`),
};

export type AnswerTexts = typeof answerText;

export const answerTextEn: AnswerTexts = {
  title: (aktivitet: string) => aktivitet,
  noMatchTitle: 'I found no certain answer',
  noMatch: 'No activity in the responsibility matrix (ansvarsmatrisen) fits the question. Better no name than the wrong name.',
  askInstead: (who: string) => `Ask ${who} instead.`,
  askManager: 'Ask your nearest manager.',
  didYouMean: 'Did you mean …?',
  roleHoldersTitle: (role: string, unit?: string) => (unit ? `${role} for ${unit}` : role),
  roleNobody: (role: string) => `Nobody is registered with the role ${role}.`,
  roleUnknownUnit: 'Give your unit to see who holds the role for you.',
  roleDutiesTitle: (role: string) => `What ${role} is responsible for`,
  roleDutiesMore: (shown: number, total: number) => `Showing ${shown} of ${total} activities. Ask more precisely, e.g. "what is the enhetschef responsible for regarding avvikelser?".`,
  roleDutiesNone: (role: string) => `The role ${role} is not responsible for any activity in the matrix.`,
  labelOmrade: 'Area',
  labelRoles: 'Responsible role',
  labelPeople: 'Person',
  labelFrekvens: 'Frequency',
  labelRapporteras: 'Reported to',
  labelKalla: 'Source',
  labelUnit: 'Unit',
  holderAt: (name: string, unit: string) => `${name} (${unit})`,
  noHolder: 'no person assigned',
  manyHolders: (n: number) => `${n} people hold the role – give your unit to see who`,
  forYourUnit: (unit: string) => `People shown for ${unit}.`,
  footnote: (version: number) => `Source: the responsibility matrix, version ${version}. The matrix is in Swedish.`,
  alternativeAction: (aktivitet: string) => aktivitet,
  organisationWide: (role: string) => `${role} serves the whole organisation.`,
  chainAbove: (role: string, unit: string, manager: string) => `${unit} has no ${role.toLowerCase()}; the nearest manager is ${manager}.`,
  recipientLead: (to: string) => `Reported to: ${to}.`,
  knownAreas: (areas: string) => `The matrix has answers about, for example: ${areas}.`,
  personWithRole: (name: string, role: string, unit?: string) => (unit ? `${name} (${role}, ${unit})` : `${name} (${role})`),
};

/** The texts for a locale: English when the question was asked in English, else Swedish. */
export const answerTexts = (locale: 'sv' | 'en' | undefined): AnswerTexts => (locale === 'en' ? answerTextEn : answerText);

export const cliText = {
  unknownCommand: (name: string) => `Okänt kommando "${name}".`,
  missingArgument: (what: string) => `Argument saknas: ${what}.`,
  imported: (version: number, counts: string) => `Importerade version ${version}: ${counts}.`,
  counts: (c: { units: number; roles: number; people: number; entries: number; vocabulary: number }) =>
    `${c.entries} aktiviteter, ${c.units} enheter, ${c.roles} roller, ${c.people} personer, ${c.vocabulary} synonymgrupper`,
  warning: (text: string) => `Varning: ${text}`,
  rejected: 'Importen avvisades. Ingenting har ändrats.',
  rolledBack: (from: number, to: number) => `Återställde från version ${from} till version ${to}.`,
  exported: (files: string[]) => `Exporterade: ${files.join(', ')}`,
  unknownUnit: (unit: string) => `Enheten "${unit}" finns inte. Kända enheter: `,
  badFormat: (value: string) => `Okänt format "${value}"; använd csv eller xlsx.`,
};
