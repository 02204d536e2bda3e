import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { avv } from '../avvikelser/messages.js';
import { syn } from '../synpunkter/messages.js';
import type { AuditStore, CaseStore } from '../cases/ports.js';
import type { AuditEntry, StoredCase } from '../cases/types.js';
import { ANONYMISED } from './anonymise.js';
import { RetentionErrors } from './errors.js';
import { ret } from './messages.js';

export const exportFormats = ['json', 'txt'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The machine-readable export: the whole stored case (without internal bookkeeping) and its audit trail. */
export interface CaseExport {
  format: 'kvalitetsbot.case-export';
  formatVersion: 1;
  exportedAt: Date;
  exportedBy: { id: string; name: string };
  case: Record<string, unknown>;
  audit: AuditEntry[];
}

export interface ExportFile {
  fileName: string;
  mediaType: string;
  content: string;
  export: CaseExport;
}

/** Internal bookkeeping, not information about the case: the pending side effects and the double-submit token. */
const INTERNAL_FIELDS = new Set(['outbox', 'idempotencyToken']);
const CASE_NUMBER = /^[A-Z]{3}-\d{4}-\d{4,}$/;

export interface CaseExporterDeps {
  cases: Pick<CaseStore, 'getByNumber'>;
  audit: AuditStore;
  clock: Clock;
  newId?: () => string;
}

/**
 * Export of one case with its audit trail (for the diary or a data subject's request). The caller has already
 * decided the actor may do it (an admin, or an operator on the CLI). The export itself is written to the audit trail
 * before the file is made, so there is no export without a trace — and the file contains that entry too.
 */
export class CaseExporter {
  private readonly newId: () => string;
  constructor(private readonly deps: CaseExporterDeps) {
    this.newId = deps.newId ?? randomUUID;
  }

  async exportCase(number: string, actor: { id: string; name: string }, format: ExportFormat = 'json'): Promise<ExportFile> {
    const wanted = number.trim().toUpperCase();
    if (!CASE_NUMBER.test(wanted)) throw new AppError(RetentionErrors.badCaseNumber, { number: number.slice(0, 40) });
    if (!(exportFormats as readonly string[]).includes(format)) throw new AppError(RetentionErrors.badFormat, { format: String(format).slice(0, 20) });
    const doc = await this.deps.cases.getByNumber(wanted);
    if (!doc) throw new AppError(RetentionErrors.caseNotFound, { number: wanted });
    const now = this.deps.clock.now();
    await this.deps.audit.append({
      _id: `${doc._id}:export:${this.newId()}`,
      caseId: doc._id,
      caseNumber: doc.number,
      at: now,
      actorId: actor.id,
      actorName: actor.name,
      action: 'exported',
      data: { format },
    });
    const audit = await this.deps.audit.listForCase(doc._id);
    const data: CaseExport = {
      format: 'kvalitetsbot.case-export',
      formatVersion: 1,
      exportedAt: now,
      exportedBy: { id: actor.id, name: actor.name },
      case: Object.fromEntries(Object.entries(doc).filter(([k]) => !INTERNAL_FIELDS.has(k))),
      audit,
    };
    return format === 'json'
      ? { fileName: `${doc.number}.json`, mediaType: 'application/json; charset=utf-8', content: `${JSON.stringify(data, null, 2)}\n`, export: data }
      : { fileName: `${doc.number}.txt`, mediaType: 'text/plain; charset=utf-8', content: renderCaseText(data), export: data };
  }
}

/* ---------- the Swedish text rendering ---------- */

const t = ret.export;

function when(value: unknown): string {
  if (!(value instanceof Date)) return t.none;
  return DateTime.fromJSDate(value, { zone: 'Europe/Stockholm' }).toFormat('yyyy-MM-dd HH:mm');
}

function label(map: Record<string, string>, value: unknown): string {
  return typeof value === 'string' ? (map[value] ?? value) : t.none;
}

function yesNo(value: unknown): string {
  return value === true ? t.yes : value === false ? t.no : t.none;
}

/** Indents every line of a (possibly multi-line) free text under its label. */
function block(name: string, text: unknown): string[] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  return [`  ${name}:`, ...text.split(/\r?\n/).map((l) => `    ${l}`)];
}

function facts(c: Record<string, unknown>): Array<[string, string]> {
  const f = t.fields;
  const kind = c.kind as StoredCase['kind'];
  const reporter = c.reporter as StoredCase['reporter'] | undefined;
  const rows: Array<[string, string]> = [
    [f.kind, label(ret.kinds, kind)],
    [f.type, label(kind === 'avvikelse' ? avv.types : syn.types, c.type)],
    [f.status, label(kind === 'avvikelse' ? avv.statuses : syn.statuses, c.status)],
    [f.unit, String(c.unitName ?? t.none)],
    [f.createdAt, when(c.createdAt)],
    [f.closedAt, when(c.closedAt)],
    [f.reporter, reporter ? [reporter.name, reporter.email ? `<${reporter.email}>` : '', `(id ${reporter.personId})`].filter(Boolean).join(' ') : t.none],
    [f.handlers, (c.handlerIds as string[] | undefined)?.join(', ') || t.none],
    [f.watchers, (c.watcherIds as string[] | undefined)?.join(', ') || t.none],
  ];
  if (kind === 'avvikelse') {
    const risk = c.risk as { konsekvens: number; sannolikhet: number; score: number; level: keyof typeof avv.riskLevels } | undefined;
    const ivo = c.ivo as { reportedAt: Date; reference: string } | undefined;
    const assessments = c.type === 'lex_maria' ? avv.lexMariaAssessments : avv.assessments;
    rows.push(
      [f.occurredAt, when(c.occurredAt)],
      [f.risk, risk ? `${avv.riskLevels[risk.level] ?? risk.level} (${risk.konsekvens} × ${risk.sannolikhet} = ${risk.score})` : t.none],
      [f.informed, label(t.informed, c.informed)],
    );
    if (c.assessment) rows.push([f.assessment, label(assessments, c.assessment)]);
    if (ivo) rows.push([f.ivo, `${when(ivo.reportedAt)}${ivo.reference ? ` (${ivo.reference})` : ''}`]);
  } else {
    rows.push(
      [f.source, label(syn.sources, c.source)],
      [f.channel, label(syn.channels, c.channel)],
      [f.receivedAt, when(c.receivedAt)],
      [f.topic, label(syn.topics, c.topic)],
      [f.wantsAnswer, yesNo(c.wantsAnswer)],
    );
    if (c.answerMethod) rows.push([f.answerMethod, label(syn.answerMethods, c.answerMethod)]);
    rows.push([f.answerDueAt, when(c.answerDueAt)], [f.answeredAt, when(c.answeredAt)], [f.answeredInTime, yesNo(c.answeredInTime)]);
  }
  return rows;
}

function freeText(c: Record<string, unknown>): string[] {
  const f = t.fields;
  const d = (c.details ?? {}) as Record<string, unknown>;
  const lines: string[] = [];
  if (c.kind === 'avvikelse') {
    lines.push(...block(f.location, d.location), ...block(f.description, d.description), ...block(f.immediateActions, d.immediateActions));
    lines.push(...block(f.improvement, d.improvement), ...block(f.measure, d.measure));
    for (const r of (d.supplementRequests as Array<{ at: Date; byName: string; question: string }> | undefined) ?? []) {
      lines.push(...block(`${f.supplementRequest} ${when(r.at)} (${r.byName})`, r.question));
    }
    for (const s of (d.supplements as Array<{ at: Date; text: string }> | undefined) ?? []) lines.push(...block(`${f.supplement} ${when(s.at)}`, s.text));
  } else {
    lines.push(...block(f.description, d.description), ...block(f.answerSummary, d.answerSummary));
    for (const n of (d.escalationNotes as Array<{ at: Date; byName: string; note: string }> | undefined) ?? []) {
      lines.push(...block(`${f.escalationNote} ${when(n.at)} (${n.byName})`, n.note));
    }
  }
  return lines;
}

function contact(c: Record<string, unknown>): string[] {
  if (c.kind !== 'synpunkt') return [];
  const k = ((c.details as Record<string, unknown> | undefined)?.contact ?? {}) as Record<string, string | undefined>;
  const f = t.fields;
  return (
    [
      [f.name, k.name],
      [f.phone, k.phone],
      [f.email, k.email],
      [f.address, k.address],
    ] as const
  )
    .filter(([, v]) => v)
    .map(([n, v]) => `  ${n}: ${v}`);
}

function auditLine(e: AuditEntry, kind: unknown): string {
  const actions: Record<string, string> = kind === 'avvikelse' ? avv.actions : syn.actions;
  const statuses: Record<string, string> = kind === 'avvikelse' ? avv.statuses : syn.statuses;
  const transition = e.action.startsWith('transition.') ? e.action.slice('transition.'.length) : undefined;
  const action = transition ? t.auditTransition(actions[transition] ?? transition) : (t.auditActions[e.action] ?? e.action);
  const who = e.actorId === ANONYMISED ? ANONYMISED : `${e.actorName} (${e.actorId})`;
  const status =
    e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? `  ${statuses[e.fromStatus] ?? e.fromStatus} → ${statuses[e.toStatus] ?? e.toStatus}` : '';
  const data = e.data && Object.keys(e.data).length ? `  [${Object.entries(e.data).map(([k, v]) => `${k}=${String(v)}`).join(', ')}]` : '';
  return `  ${when(e.at)}  ${action}  ${who}${status}${data}`;
}

/** Plain UTF-8 text in Swedish, for the diary or to hand to a data subject. */
export function renderCaseText(data: CaseExport): string {
  const c = data.case;
  const mark = c.retention as { action?: string; at?: Date } | undefined;
  const lines = [t.title(String(c.number)), t.exported(when(data.exportedAt), `${data.exportedBy.name} (${data.exportedBy.id})`), t.disclaimer];
  if (mark?.action === 'anonymise') lines.push(t.anonymised(when(mark.at)));
  const rows = facts(c);
  const width = Math.max(...rows.map(([n]) => n.length));
  lines.push('', t.sections.facts, ...rows.map(([n, v]) => `  ${`${n}:`.padEnd(width + 1)} ${v}`));
  const text = freeText(c);
  if (text.length) lines.push('', t.sections.text, ...text);
  const contactLines = contact(c);
  if (contactLines.length) lines.push('', t.sections.contact, ...contactLines);
  lines.push('', t.sections.audit, `  ${t.auditCount(data.audit.length)}`, ...data.audit.map((e) => auditLine(e, c.kind)));
  return `${lines.join('\n')}\n`;
}
