/**
 * The lex Sarah and lex Maria process: which step a case is at, which actions that step allows, and which role of
 * the responsibility matrix takes each action. Pure: the service loads, authorises with these answers, and saves.
 *
 * Lex Sarah (SOSFS 2011:5, the municipality's routine): report → received at once (enhetschef) → investigation
 * ordered and an utredare named (avdelningschef) → investigation record (utredare) → decision: missförhållande /
 * påtaglig risk / neither, serious or not (förvaltningschef) → IVO report "snarast" (the nämnd's delegate) → IVO's
 * decision recorded → measures followed up (enhetschef) → closed.
 * Lex Maria (Patientsäkerhetslagen (2010:659) 3 kap. 5 §, HSLF-FS 2017:41): the enhetschef and the MAS are told; the MAS
 * investigates, decides, reports to IVO "snarast", records the patient's information (Patientsäkerhetslagen (2010:659) 3 kap. 8 §) and IVO's
 * decision; the nämnd is informed of the report and of IVO's decision.
 */
import type { CaseSettings } from '../cases/settings.js';
import { avv } from './messages.js';
import type { AvvikelseAction, AvvikelseDoc, LexAssessment, LexFinding, LexState } from './schema.js';

export type LexType = 'lex_sarah' | 'lex_maria';

export function isLex(type: AvvikelseDoc['type']): type is LexType {
  return type === 'lex_sarah' || type === 'lex_maria';
}

export const emptyLexState = (): LexState => ({ privateProvider: false, investigatorIds: [], namndInformed: [] });

/** The roles of the process, from the case settings (whose defaults are the starter matrix's roles). */
export function lexRoles(settings: CaseSettings, type: LexType) {
  const r = settings.roles;
  return type === 'lex_sarah'
    ? { receive: r.enhetschef, order: r.lexSarahInvestigationOrder, investigate: r.lexSarahInvestigator, decide: r.lexSarahDecision, ivo: r.lexSarahIvoReport, followUp: r.enhetschef, namnd: r.namnd }
    : { receive: r.enhetschef, order: r.lexMariaInvestigator, investigate: r.lexMariaInvestigator, decide: r.lexMariaInvestigator, ivo: r.lexMariaInvestigator, followUp: r.enhetschef, namnd: r.namnd };
}
export type LexRoleKey = keyof ReturnType<typeof lexRoles>;

/**
 * Who may take a lex action: the roles (holders for the case's unit), plus the stored investigators for the
 * investigation record. `handlers` = the case's handlers (acknowledge, supplement, reclassify as before).
 */
export function rolesForAction(type: LexType, action: AvvikelseAction): { roles: LexRoleKey[]; investigators?: boolean } | 'handlers' {
  switch (action) {
    case 'order_investigation':
    case 'start_investigation':
      return { roles: ['order'] };
    case 'record_investigation':
      return { roles: ['order', 'investigate'], investigators: true };
    case 'decide':
      return { roles: ['decide'] };
    case 'report_ivo':
    case 'record_ivo_decision':
      return { roles: ['ivo'] };
    case 'inform_patient':
      return { roles: type === 'lex_maria' ? ['investigate'] : ['receive'] };
    case 'follow_up':
      return { roles: ['followUp', 'decide'] };
    case 'close':
      return { roles: ['decide', 'followUp'] };
    default:
      return 'handlers';
  }
}

function needsPatientInformation(doc: AvvikelseDoc): boolean {
  return doc.type === 'lex_maria' && doc.lex?.decision !== undefined && doc.lex.decision.finding !== 'inget' && !doc.lex.patientInformed;
}

/** What is still missing before a lex case may close, as Swedish phrases (empty = may close). */
export function lexMissingForClose(doc: AvvikelseDoc): string[] {
  const l = doc.lex ?? emptyLexState();
  const missing: string[] = [];
  if (!l.investigated) missing.push('utredningen');
  if (!l.decision) missing.push('beslutet');
  if (l.decision?.serious && !doc.ivo) missing.push('anmälan till IVO');
  if (l.decision?.serious && doc.ivo && !l.ivoDecision) missing.push('IVO:s beslut');
  if (needsPatientInformation(doc)) missing.push('information till patienten');
  if (!l.followedUp) missing.push('uppföljning av åtgärderna');
  return missing;
}

/** The actions a lex case's stored state allows, in the order they are usually taken. */
export function lexAllowedActions(doc: AvvikelseDoc): AvvikelseAction[] {
  const l = doc.lex ?? emptyLexState();
  switch (doc.status) {
    case 'avslutad':
      return [];
    case 'ny':
      return ['acknowledge', 'request_supplement', 'reclassify'];
    case 'mottagen':
      return doc.type === 'lex_sarah'
        ? ['order_investigation', 'request_supplement', 'reclassify']
        : ['start_investigation', 'record_investigation', 'request_supplement', 'reclassify'];
    default: {
      if (!l.investigated) return ['record_investigation', 'request_supplement'];
      if (!l.decision) return ['decide', 'record_investigation'];
      const out: AvvikelseAction[] = [];
      if (l.decision.serious && !doc.ivo) out.push('report_ivo');
      if (doc.ivo && !l.ivoDecision) out.push('record_ivo_decision');
      if (needsPatientInformation(doc)) out.push('inform_patient');
      if (!l.followedUp && (!l.decision.serious || doc.ivo)) out.push('follow_up');
      if (lexMissingForClose(doc).length === 0) out.push('close');
      return out;
    }
  }
}

/** Where the case stands, in a few Swedish words for the chat card. */
export function lexStepLabel(doc: AvvikelseDoc): string {
  const l = doc.lex ?? emptyLexState();
  if (doc.status === 'avslutad') return 'Avslutad';
  if (doc.status === 'ny') return 'Rapport inkommen – tas emot genast';
  if (doc.status === 'mottagen') return doc.type === 'lex_sarah' ? 'Mottagen – utredningsuppdrag ges' : 'Mottagen – MAS utreder';
  if (!l.investigated) return 'Utredning pågår';
  if (!l.decision) return 'Utredd – beslut ska fattas';
  if (l.decision.serious && !doc.ivo) return 'Allvarligt – anmäls till IVO snarast';
  if (doc.ivo && !l.ivoDecision) return 'Anmäld till IVO – väntar på IVO:s beslut';
  if (!l.followedUp) return 'Åtgärder följs upp';
  const missing = lexMissingForClose(doc);
  return missing.length ? `Kvar: ${missing.join(', ')}` : 'Klar att avsluta';
}

/** The assessment the older fields (statistics, retention) keep, derived from the decision. */
export function assessmentOf(finding: LexFinding, serious: boolean): LexAssessment {
  if (finding === 'inget') return 'ej_missforhallande';
  return serious ? 'allvarligt' : 'missforhallande';
}

/** The decision in words, e.g. "Påtaglig risk för missförhållande, allvarligt". */
export function decisionLabel(type: LexType, decision: { finding: LexFinding; serious: boolean }): string {
  const finding = avv.findings[type][decision.finding];
  return decision.finding === 'inget' ? finding : `${finding}, ${decision.serious ? avv.serious.true : avv.serious.false}`;
}
