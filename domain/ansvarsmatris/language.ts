import type { SynonymGroup } from './schema.js';

/**
 * General language the matcher always knows, beside the municipality's own vocabulary (which an import may replace):
 * Swedish verb groups (how staff say "write", "report", "investigate" …), everyday Swedish words for the matrix's
 * nouns, and English for the Swedish terms (English is the second locale). Merged into the vocabulary group with the
 * same term when there is one. Domain vocabulary (lex Sarah, MAS, IVO, egenkontroll …) is data:
 * starter-data/vokabular.csv.
 */
const g = (term: string, synonyms: string, kind?: 'verb'): SynonymGroup => ({
  term,
  synonyms: synonyms.split(',').map((s) => s.trim()).filter(Boolean),
  ...(kind ? { kind } : {}),
});

export const LANGUAGE_GROUPS: readonly SynonymGroup[] = [
  // Verbs, with the nominalisations the stemmer does not join and English.
  g('upprätta', 'skriva, ta fram, fram, sammanställa, utarbeta, författa, färdigställa, write, writes, written, compile, compiles, compiled, prepare, prepares, prepared, draw up, drafts', 'verb'),
  g('rapportera', 'anmäla, anmälan, rapportering, redovisa, redovisning, återrapportera, lämna, report, reports, reported, reporting, notify, notifies, notified', 'verb'),
  g('utreda', 'granska, undersöka, utredning, granskning, investigate, investigates, investigated, investigation, review, reviews, reviewed', 'verb'),
  g('analysera', 'bedöma, utvärdera, analys, analyse, analyze, analyses, analyzes, assess, assesses, assessed, evaluate, evaluates, evaluated, analysed, analyzed', 'verb'),
  g('besluta', 'bestämma, fastställa, avgöra, fatta beslut, ta beslut, godkänna, anta, decide, decides, decided, decision, approve, approves, approved', 'verb'),
  g('följa upp', 'uppföljning, kontrollera, övervaka, bevaka, follow up, follows up, followed up, monitor, monitors, monitored, check, checks, checked', 'verb'),
  g('samordna', 'koordinera, samordning, coordinate, coordinates, coordinated, coordination', 'verb'),
  g('kalla', 'sammankalla, kalla till, bjuda in, call, calls, convene, convenes, invite, sends invitations', 'verb'),
  g('informera', 'berätta, upplysa, meddela, tala om, information, inform, informs, tell, tells', 'verb'),
  g('besvara', 'svara, svara på, ge svar, answer, answers, answered, respond, responds, reply, replies', 'verb'),
  g('ta emot', 'motta, mottagning, tar emot, receive, receives, received', 'verb'),
  g('revidera', 'uppdatera, ändra, förnya, se över, ändringar, revidering, revise, revises, revised, update, updates, updated', 'verb'),
  g('genomföra', 'utföra, bedriva, arbeta med, carry out, carries out, conduct, conducts, do, does, run, runs, perform', 'verb'),
  g('planera', 'planering, förbereda, plan, plans', 'verb'),
  g('introducera', 'introduktion, inskolning, introduce, introduces, introduced, onboarding', 'verb'),
  g('stödja', 'stötta, hjälpa, ge stöd, bistå, vägleda, support, supports, help, helps, guide', 'verb'),
  g('dokumentera', 'journalföra, anteckna, dokumentation, document, documents, documented, record, records, recorded', 'verb'),
  g('yttra sig', 'yttrande, yttra, statement, comment on', 'verb'),
  g('leda', 'styra, driva, lead, leads, manage, manages', 'verb'),
  g('utse', 'tillsätta, välja, namnge, appoint, appoints, name', 'verb'),
  g('föreslå', 'förslag, lägga fram förslag, propose, proposes, proposed, suggest, suggests, suggested', 'verb'),
  g('delta', 'deltar, medverka, vara med, participate, participates, take part', 'verb'),
  g('registrera', 'register, registers, registered, registration', 'verb'),
  // Everyday words for the matrix's nouns.
  g('kompetensutveckling', 'fortbildning, kompetens, vidareutbildning, utbildning, kompetenshöjning, training, staff training, professional development'),
  g('kompetensförsörjning', 'rätt kompetens, kompetens, rekrytering, skills'),
  g('anhöriga', 'närstående, anhörig, relatives, family'),
  g('brukare', 'klient, klienter, vårdtagare, omsorgstagare, client, clients, user, users'),
  g('personal', 'medarbetarna, anställda, personalen, staff, employees'),
  g('nyanställda', 'ny personal, nyanställd, nya medarbetare, new employees, new staff, newly employed'),
  g('utförare', 'privat utförare, leverantör, provider, providers, contractor'),
  g('kvalitetsarbete', 'kvalitetsarbetet, quality work'),
  g('budget', 'budgetförslag, budgetskrivelse'),
  g('resurser', 'medel, pengar, resources'),
  g('kallelse', 'kallelser, invitation, invitations, meeting invitations'),
  g('protokoll', 'minutes'),
  // English for common nouns of a matrix.
  g('avtal', 'contract, contracts, agreement, agreements'),
  g('avtalsuppföljning', 'contract follow-up, follow-up of contracts, contract monitoring'),
  g('överenskommelse', 'överenskommelser, arrangement'),
  g('läkemedelshantering', 'hantering av läkemedel, medication management, medicine management, handling of medicines'),
  g('läkemedel', 'medication, medications, medicine, medicines, drugs'),
  g('hygien', 'hygiene, infection control'),
  g('brandskydd', 'fire safety, fire protection'),
  g('arkivering', 'arkiv, archive, archiving, records management'),
  g('dokumenthanteringsplan', 'records management plan, document management plan'),
  g('gallring', 'disposal, deletion of records'),
  g('informationssäkerhet', 'information security'),
  g('loggkontroll', 'loggkontroller, log check, log checks, log review'),
  g('krisberedskap', 'beredskap, crisis preparedness, emergency preparedness, preparedness'),
  g('upphandling', 'procurement, tendering'),
  g('personuppgiftsincident', 'personal data breach, data breach'),
  g('delegationsordning', 'delegation, delegation rules, scheme of delegation'),
  g('handläggning', 'case handling, case processing, casework'),
  g('ansökan', 'application, applications'),
  g('rutin', 'rutiner, routine, routines, procedure, procedures'),
  g('riktlinje', 'riktlinjer, guideline, guidelines, policy'),
  g('handlingsplan', 'åtgärdsplan, action plan, action plans'),
  g('mål', 'målen, goal, goals, objectives, targets'),
  g('verksamhetsplan', 'operational plan, business plan'),
  g('ledningssystem', 'management system, quality management system'),
  g('kvalitet', 'quality'),
  g('samverkan', 'samarbete, collaboration, cooperation, co-operation'),
  g('möte', 'möten, meeting, meetings'),
  g('nämnd', 'nämnden, board, committee'),
  g('socialtjänst', 'social services'),
  g('äldreomsorg', 'elderly care, care of the elderly, elder care'),
  g('hemtjänst', 'home care, home help'),
  g('särskilt boende', 'äldreboende, nursing home, residential care'),
  g('funktionsnedsättning', 'disability, disabilities'),
  g('allvarlig', 'allvarliga, serious, severe'),
  g('sjuksköterska', 'nurse, nurses'),
  g('journal', 'journaler, record, records, medical records'),
  g('akt', 'akter, case file, case files'),
  g('revision', 'audit, audits, auditors'),
  g('risk', 'risker, risks'),
  g('uppdrag', 'assignment, mission'),
  g('beslut', 'decisions'),
  g('kompetens', 'competence, skills'),
  g('rapport', 'rapporter'),
  g('ekonomi', 'finances, economy, budget follow-up'),
  g('våld i nära relationer', 'domestic violence, violence in close relationships'),
  g('missbruk', 'beroende, substance abuse, addiction'),
  g('barn och unga', 'children and young people, children'),
  g('brukarråd', 'user council'),
  g('enkät', 'survey, questionnaire'),
  g('utbildning', 'course, courses'),
  // How often and by when (the matrix's frekvens).
  g('årligen', 'varje år, en gång per år, en gång om året, annually, yearly, every year, each year, once a year'),
  g('kvartalsvis', 'varje kvartal, quarterly, every quarter'),
  g('månadsvis', 'varje månad, monthly, every month'),
  g('löpande', 'fortlöpande, continuously, ongoing'),
  g('två veckor', 'two weeks, 14 dagar, fjorton dagar'),
  // English for the domain's Swedish terms (merged into the vocabulary's groups of the same term).
  g('IVO', 'Health and Social Care Inspectorate, inspectorate'),
  g('MAS', 'chief medical nurse, medically responsible nurse'),
  g('lex Maria', 'patient injury'),
  g('lex Sarah', 'maltreatment'),
  g('internkontroll', 'internal control'),
  g('internkontrollplan', 'internal control plan'),
  g('egenkontroll', 'self-monitoring, self-inspection, self monitoring'),
  g('klagomål', 'complaint, complaints, complain, feedback'),
  g('avvikelse', 'deviation, deviations, incidents'),
  g('kvalitetsberättelse', 'quality report, quality account'),
  g('patientsäkerhetsberättelse', 'patient safety report, patient safety account'),
  g('kommunala pensionärsrådet', 'pensioners council, senior citizens council'),
  g('öppna jämförelser', 'open comparisons'),
  g('riskanalys', 'risk analysis, risk assessment'),
  g('ej verkställda beslut', 'decisions not implemented, decisions that have not been implemented, unimplemented decisions'),
  g('socialnämnden', 'the board, social welfare board, committee'),
  g('hälso- och sjukvård', 'health care, healthcare'),
  g('ekonomiskt bistånd', 'income support'),
  g('verksamhetsredovisning', 'annual report, activity report'),
  g('medarbetarenkät', 'staff survey, employee survey'),
  g('brukarundersökning', 'user survey, client survey, satisfaction survey'),
  g('arbetsmiljö', 'work environment'),
  // English names of common roles (read as the role when the matrix has it).
  g('kvalitetsutvecklare', 'quality developer, quality coordinator'),
  g('registrator', 'registrar'),
  g('enhetschef', 'unit manager'),
  g('avdelningschef', 'head of department'),
  g('förvaltningschef', 'head of the social services department'),
];

/**
 * The municipality's vocabulary with the general language merged in: a language group joins the vocabulary group
 * that shares a phrase with it (by term or synonym), else it stands alone.
 */
export function withLanguage(vocabulary: readonly SynonymGroup[]): SynonymGroup[] {
  const key = (p: string) => p.trim().toLowerCase();
  const groups = vocabulary.map((v) => ({ ...v, synonyms: [...v.synonyms] }));
  const owner = new Map<string, number>();
  groups.forEach((v, i) => [v.term, ...v.synonyms].forEach((p) => owner.has(key(p)) || owner.set(key(p), i)));
  for (const l of LANGUAGE_GROUPS) {
    const at = [l.term, ...l.synonyms].map((p) => owner.get(key(p))).find((i) => i !== undefined);
    if (at === undefined) {
      groups.push({ ...l, synonyms: [...l.synonyms] });
      [l.term, ...l.synonyms].forEach((p) => owner.has(key(p)) || owner.set(key(p), groups.length - 1));
      continue;
    }
    const target = groups[at]!;
    for (const p of [l.term, ...l.synonyms]) {
      if (!owner.has(key(p))) {
        target.synonyms.push(p);
        owner.set(key(p), at);
      }
    }
    if (l.kind && !target.kind) target.kind = l.kind;
  }
  return groups;
}
