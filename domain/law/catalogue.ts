/**
 * Every legal reference the product shows (cards, starter data, docs) comes from this catalogue, so a change in the
 * law is made once. Rule: a paragraph is cited only where it was verified against the current text; otherwise the
 * act is cited by name (e.g. the socialtjänstlag 2025:400, whose new paragraph numbers are not given here).
 * `test/domain/law/catalogue.test.ts` scans the starter data, cards and docs and fails on any reference that is not
 * a citation of this catalogue.
 */

export interface LegalReference {
  /** Stable id used in code, e.g. `psl-3-5`. */
  id: string;
  /** The act's short form as cited, e.g. `SOSFS 2011:9`, `Patientsäkerhetslagen (2010:659)`. */
  law: string;
  /** The act's full title (Swedish). */
  lawTitle: string;
  chapter?: number;
  /** A paragraph or a range, e.g. `5`, `3–6`, `24 a–g`, `28 f`. Only when verified. */
  paragraph?: string;
  /** What the cited part is about, in Swedish. */
  title: string;
  /** When the cited act came into force (ISO date). */
  inForceFrom: string;
  /** True for an allmänt råd (general recommendation), not a binding rule. */
  generalAdvice?: boolean;
}

const SOSFS_2011_9 = 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete';

/** The parts of one act: its citation, full title and date in force are written once. */
const partsOf =
  <const Act extends Pick<LegalReference, 'law' | 'lawTitle' | 'inForceFrom'>>(act: Act) =>
  <const Part extends Omit<LegalReference, 'law' | 'lawTitle' | 'inForceFrom'>>(part: Part) => ({ ...part, ...act });

const sosfs2011_9 = partsOf({ law: 'SOSFS 2011:9', lawTitle: SOSFS_2011_9, inForceFrom: '2012-01-01' });
const lss = partsOf({ law: 'LSS', lawTitle: 'Lag (1993:387) om stöd och service till vissa funktionshindrade', inForceFrom: '1994-01-01' });
const psl = partsOf({ law: 'Patientsäkerhetslagen (2010:659)', lawTitle: 'Patientsäkerhetslag (2010:659)', inForceFrom: '2011-01-01' });
const kl = partsOf({ law: 'Kommunallagen (2017:725)', lawTitle: 'Kommunallag (2017:725)', inForceFrom: '2018-01-01' });

const entries = [
  // SOSFS 2011:9 — ledningssystem för systematiskt kvalitetsarbete
  sosfs2011_9({ id: 'sosfs-2011-9', title: 'Ledningssystem för systematiskt kvalitetsarbete' }),
  sosfs2011_9({ id: 'sosfs-2011-9-4', chapter: 4, title: 'Processer och rutiner' }),
  sosfs2011_9({ id: 'sosfs-2011-9-4-6', chapter: 4, paragraph: '6', title: 'Samverkan' }),
  sosfs2011_9({ id: 'sosfs-2011-9-5', chapter: 5, title: 'Riskanalys, egenkontroll, klagomål, rapporter och förbättring' }),
  sosfs2011_9({ id: 'sosfs-2011-9-5-1', chapter: 5, paragraph: '1', title: 'Riskanalys' }),
  sosfs2011_9({ id: 'sosfs-2011-9-5-2', chapter: 5, paragraph: '2', title: 'Egenkontroll' }),
  sosfs2011_9({ id: 'sosfs-2011-9-5-3', chapter: 5, paragraph: '3', title: 'Ta emot klagomål och synpunkter (från vem de kan komma)' }),
  sosfs2011_9({ id: 'sosfs-2011-9-5-3-6', chapter: 5, paragraph: '3–6', title: 'Klagomål och synpunkter: ta emot, utreda, sammanställa och analysera' }),
  sosfs2011_9({ id: 'sosfs-2011-9-5-6', chapter: 5, paragraph: '6', title: 'Sammanställa och analysera klagomål, synpunkter och rapporter' }),
  sosfs2011_9({ id: 'sosfs-2011-9-7-1', chapter: 7, paragraph: '1', title: 'Dokumentera det systematiska kvalitetsarbetet; kvalitetsberättelsen är ett allmänt råd till paragrafen', generalAdvice: true }),
  // Lex Sarah
  { id: 'sol', law: 'Socialtjänstlagen (2025:400)', lawTitle: 'Socialtjänstlag (2025:400)', title: 'Socialtjänstlagen (den nya lagen från den 1 juli 2025)', inForceFrom: '2025-07-01' },
  lss({ id: 'lss-24', paragraph: '24 a–g', title: 'Lex Sarah i LSS-verksamhet' }),
  lss({ id: 'lss-28f', paragraph: '28 f', title: 'Rapportering av ej verkställda beslut' }),
  { id: 'sosfs-2011-5', law: 'SOSFS 2011:5', lawTitle: 'Socialstyrelsens föreskrifter och allmänna råd om lex Sarah', title: 'Lex Sarah: rapport, utredning (vad som hänt, konsekvenser, orsaker, åtgärder, information till den enskilde) och anmälan', inForceFrom: '2011-07-01' },
  // Lex Maria and health care
  psl({ id: 'psl', title: 'Patientsäkerhet' }),
  psl({ id: 'psl-3-5', chapter: 3, paragraph: '5', title: 'Lex Maria: anmälan till IVO av allvarlig vårdskada eller risk för det' }),
  psl({ id: 'psl-3-8', chapter: 3, paragraph: '8', title: 'Information till patienten om en vårdskada' }),
  psl({ id: 'psl-3-10', chapter: 3, paragraph: '10', title: 'Patientsäkerhetsberättelse' }),
  { id: 'hslf-fs-2017-41', law: 'HSLF-FS 2017:41', lawTitle: 'Socialstyrelsens föreskrifter och allmänna råd om anmälan av händelser som har medfört eller hade kunnat medföra en allvarlig vårdskada (lex Maria)', title: 'Lex Maria: anmälans innehåll', inForceFrom: '2018-01-01' },
  { id: 'hsl', law: 'Hälso- och sjukvårdslagen (2017:30)', lawTitle: 'Hälso- och sjukvårdslag (2017:30)', title: 'Hälso- och sjukvård', inForceFrom: '2017-04-01' },
  { id: 'pdl', law: 'Patientdatalagen (2008:355)', lawTitle: 'Patientdatalag (2008:355)', title: 'Patientjournaler', inForceFrom: '2008-07-01' },
  // Municipal law, work environment, data protection, procurement, archives
  kl({ id: 'kl', title: 'Kommunens organisation och beslut' }),
  kl({ id: 'kl-6-6', chapter: 6, paragraph: '6', title: 'Nämndens ansvar för att verksamheten bedrivs och kontrolleras tillräckligt (internkontroll)' }),
  kl({ id: 'kl-7-8', chapter: 7, paragraph: '8', title: 'Delegationsbeslut anmäls till nämnden' }),
  { id: 'afs-2023-1', law: 'AFS 2023:1', lawTitle: 'Arbetsmiljöverkets föreskrifter om systematiskt arbetsmiljöarbete – grundläggande skyldigheter för dig med arbetsgivaransvar', title: 'Systematiskt arbetsmiljöarbete', inForceFrom: '2025-01-01' },
  { id: 'gdpr', law: 'Dataskyddsförordningen', lawTitle: 'Europaparlamentets och rådets förordning (EU) 2016/679 (dataskyddsförordningen)', title: 'Personuppgifter', inForceFrom: '2018-05-25' },
  { id: 'lou', law: 'LOU (2016:1145)', lawTitle: 'Lag (2016:1145) om offentlig upphandling', title: 'Offentlig upphandling', inForceFrom: '2017-01-01' },
  { id: 'lov', law: 'LOV (2008:962)', lawTitle: 'Lag (2008:962) om valfrihetssystem', title: 'Valfrihetssystem', inForceFrom: '2009-01-01' },
  { id: 'arkivlagen', law: 'Arkivlagen (1990:782)', lawTitle: 'Arkivlag (1990:782)', title: 'Arkiv, bevarande och gallring', inForceFrom: '1991-07-01' },
  { id: 'osl', law: 'Offentlighets- och sekretesslagen (2009:400)', lawTitle: 'Offentlighets- och sekretesslag (2009:400)', title: 'Sekretess', inForceFrom: '2009-06-30' },
] as const satisfies readonly LegalReference[];

export type LegalReferenceId = (typeof entries)[number]['id'];

/** The catalogue, by id. */
export const legalReferences: ReadonlyMap<LegalReferenceId, LegalReference> = new Map(entries.map((e) => [e.id, e as LegalReference]));

/** How a reference is cited in text: `SOSFS 2011:9 5 kap. 3–6 §§`, `LSS 24 a–g §§`, `Socialtjänstlagen (2025:400)`. */
export function citationOf(ref: LegalReference): string {
  const parts = [ref.law];
  if (ref.chapter !== undefined) parts.push(`${ref.chapter} kap.`);
  if (ref.paragraph !== undefined) parts.push(`${ref.paragraph} ${ref.paragraph.includes('–') ? '§§' : '§'}`);
  return parts.join(' ');
}

/** The citation of a catalogue entry (the only way code should write a legal reference). */
export function cite(id: LegalReferenceId): string {
  return citationOf(legalReferences.get(id)!);
}
