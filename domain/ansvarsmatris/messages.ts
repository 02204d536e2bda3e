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
};

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
