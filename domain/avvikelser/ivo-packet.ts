/**
 * The IVO-ready packet of a lex Sarah or lex Maria report: the fields IVO's e-service asks for, filled from the case,
 * for the person who sends the report to copy in. It carries no more personal data than the report needs: no
 * reporter's name (staff who report are protected), no client identity (IVO's e-service asks for it and it is filled
 * in there from the case file, never from the bot), only the roles and names of the municipality's own officials who
 * are answerable for the report.
 */
import type { AuditStore } from '../cases/ports.js';
import type { AuditEntry } from '../cases/types.js';
import { formatDate } from '../cases/numbering.js';
import { cite } from '../law/catalogue.js';
import { decisionLabel, type LexType } from './lex.js';
import { avv } from './messages.js';
import type { AvvikelseDoc } from './schema.js';

export interface IvoPacketField {
  /** Stable key, for tests and for a future API hand-over. */
  key: string;
  label: string;
  value: string;
}

export interface IvoPacketSection {
  heading: string;
  fields: IvoPacketField[];
}

export interface IvoPacket {
  type: LexType;
  caseNumber: string;
  title: string;
  /** The rules the report is made under (from the catalogue). */
  legalBasis: string;
  sections: IvoPacketSection[];
}

export interface IvoPacketContext {
  /** Unit names root first, e.g. ["Socialförvaltningen", "Individ- och familjeomsorg", "Barn och unga"]. */
  unitNames: string[];
  /** Role and name of who decided and who sends the report, e.g. "Förvaltningschef Eva Exempelsson". */
  decidedBy?: string;
  contact?: string;
}

const MISSING = '(saknas i ärendet – fyll i)';
const IN_E_SERVICE = '(fylls i direkt i IVO:s e-tjänst från akten/journalen – finns inte i kvalitetsboten)';

const day = (d: Date | undefined) => (d ? formatDate(d) : MISSING);
const textOr = (s: string | undefined) => (s && s.trim() ? s.trim() : MISSING);

/** The packet of one case. Throws nothing: what is missing is shown as missing. */
export function buildIvoPacket(doc: AvvikelseDoc, ctx: IvoPacketContext): IvoPacket {
  const type = doc.type as LexType;
  const sarah = type === 'lex_sarah';
  const inv = doc.details.investigation;
  const lex = doc.lex;
  const organisation = ctx.unitNames[0] ?? doc.unitName;
  const sections: IvoPacketSection[] = [
    {
      heading: sarah ? 'Den som anmäler (nämnd/verksamhet)' : 'Vårdgivaren',
      fields: [
        { key: 'organisation', label: sarah ? 'Nämnd/förvaltning' : 'Vårdgivare', value: organisation },
        { key: 'unit', label: 'Verksamhet där det inträffade', value: ctx.unitNames.length ? ctx.unitNames.join(' / ') : doc.unitName },
        { key: 'privateProvider', label: 'Bedrivs av privat utförare', value: lex?.privateProvider ? 'Ja (utföraren har informerat nämnden)' : 'Nej' },
        { key: 'contact', label: 'Kontaktperson för anmälan', value: ctx.contact ?? MISSING },
      ],
    },
    {
      heading: sarah ? 'Missförhållandet' : 'Händelsen',
      fields: [
        { key: 'occurredAt', label: 'Datum för händelsen', value: day(doc.occurredAt) },
        { key: 'reportedAt', label: sarah ? 'Datum för lex Sarah-rapporten' : 'Datum då händelsen rapporterades', value: day(doc.createdAt) },
        { key: 'caseNumber', label: 'Vårt ärendenummer', value: doc.number },
        { key: 'whatHappened', label: 'Vad har hänt', value: textOr(inv?.whatHappened ?? doc.details.description) },
        { key: 'immediateActions', label: 'Omedelbara åtgärder', value: textOr(doc.details.immediateActions) },
        { key: 'person', label: sarah ? 'Den enskilde (kön, ålder, insats)' : 'Patienten (kön, ålder)', value: IN_E_SERVICE },
      ],
    },
    {
      heading: 'Utredningen',
      fields: [
        { key: 'consequences', label: sarah ? 'Konsekvenser för den enskilde' : 'Konsekvenser för patienten', value: textOr(inv?.consequences) },
        { key: 'causes', label: 'Orsaker', value: textOr(inv?.causes) },
        { key: 'measuresTaken', label: 'Vidtagna åtgärder', value: textOr(inv?.measuresTaken) },
        { key: 'measuresPlanned', label: 'Planerade åtgärder', value: textOr(inv?.measuresPlanned) },
        { key: 'investigatedAt', label: 'Utredningen klar', value: day(lex?.investigated?.at) },
      ],
    },
    {
      heading: sarah ? 'Information till den enskilde' : `Information till patienten (${cite('psl-3-8')})`,
      fields: sarah
        ? [{ key: 'personInformed', label: 'Har den enskilde informerats, när och hur', value: textOr(inv?.personInformed) }]
        : [
            { key: 'personInformed', label: 'Information enligt utredningen', value: textOr(inv?.personInformed) },
            {
              key: 'patientInformed',
              label: 'Patienten informerad',
              value: lex?.patientInformed ? `${formatDate(lex.patientInformed.informedAt)}, ${avv.patientInformedHow[lex.patientInformed.how].toLowerCase()}` : MISSING,
            },
          ],
    },
    {
      heading: 'Bedömning och beslut',
      fields: [
        { key: 'decision', label: 'Bedömning', value: lex?.decision ? decisionLabel(type, lex.decision) : MISSING },
        { key: 'decidedAt', label: 'Beslutsdatum', value: day(lex?.decision?.at) },
        { key: 'decidedBy', label: 'Beslutat av', value: ctx.decidedBy ?? MISSING },
      ],
    },
  ];
  return {
    type,
    caseNumber: doc.number,
    title: sarah ? `Anmälan enligt lex Sarah – underlag (${doc.number})` : `Anmälan enligt lex Maria – underlag (${doc.number})`,
    legalBasis: sarah ? `${cite('sol')}, ${cite('lss-24')}, ${cite('sosfs-2011-5')}` : `${cite('psl-3-5')}, ${cite('hslf-fs-2017-41')}`,
    sections,
  };
}

/** The packet as a Markdown document (what the CLI writes and the dialog shows, one section per paragraph). */
export function ivoPacketMarkdown(packet: IvoPacket): string {
  return [`# ${packet.title}`, '', `Lagrum: ${packet.legalBasis}`, '', ...ivoPacketSections(packet).flatMap((s) => [s, ''])].join('\n');
}

/**
 * One text block per section. `markdown` (the file): "## heading" and "**label:** value" lines; `plain` (the chat
 * dialog, where Teams and Slack read markup differently): the heading and "label: value" lines.
 */
export function ivoPacketSections(packet: IvoPacket, style: 'markdown' | 'plain' = 'markdown'): string[] {
  return packet.sections.map((s) =>
    style === 'markdown'
      ? [`## ${s.heading}`, ...s.fields.map((f) => `**${f.label}:** ${f.value}`)].join('\n')
      : [s.heading, ...s.fields.map((f) => `${f.label}: ${f.value}`)].join('\n'),
  );
}

/**
 * Records that a packet was exported (before it is shown or written: no export without a trace). `via` says where
 * to: the chat dialog or the CLI. Only structured facts go into the entry.
 */
export async function auditIvoPacketExport(
  audit: Pick<AuditStore, 'append'>,
  doc: Pick<AvvikelseDoc, '_id' | 'number'>,
  actor: { id: string; name: string },
  at: Date,
  via: 'chat' | 'cli',
  id: string,
): Promise<void> {
  const entry: AuditEntry = { _id: `${doc._id}:ivo-packet:${id}`, caseId: doc._id, caseNumber: doc.number, at, actorId: actor.id, actorName: actor.name, action: 'ivo_packet.exported', data: { via } };
  await audit.append(entry);
}
