import { DateTime } from 'luxon';
import { adminText as t } from './messages.js';
import type { DeadLetter, SettingChange, SettingRow } from './service.js';
import type { StoredSettings } from './settings.js';
import { formatIssue, type ImportIssue } from '../ansvarsmatris/errors.js';
import type { VersionInfo } from '../ansvarsmatris/schema.js';
import type { ImportOutcome } from '../ansvarsmatris/service.js';
import type { DryRunLine } from '../paminnelser/messaging.js';
import type { MessageView } from '../view.js';

/**
 * The administration cards, channel-neutral. They carry counts, versions, roles, staff names and references —
 * never message content or client details.
 */
const STOCKHOLM = 'Europe/Stockholm';
const when = (d: Date) => DateTime.fromJSDate(d, { zone: STOCKHOLM }).toFormat('yyyy-MM-dd HH:mm');
const day = (d: Date) => DateTime.fromJSDate(d, { zone: STOCKHOLM }).toFormat('yyyy-MM-dd');

export const ADMIN_LIST_LIMIT = 25;

export function adminHelpView(): MessageView {
  return {
    title: t.helpTitle,
    text: [t.helpIntro],
    list: t.commands.map((c) => ({ title: c.command, detail: c.detail })),
    footnote: t.helpImport,
  };
}

export function adminUnknownView(text: string): MessageView {
  return { ...adminHelpView(), title: t.unknownCommand(text.slice(0, 80)), tone: 'warning' };
}

export function adminRefusedView(reason: string): MessageView {
  return { title: t.refusedTitle, text: [reason], tone: 'warning' };
}

export function adminErrorView(reason: string): MessageView {
  return { title: reason, tone: 'warning' };
}

function versionDetail(v: VersionInfo): string {
  return t.versionDetail(day(v.createdAt), v.counts.entries, v.counts.people, v.counts.units, v.note);
}

export function rollbackView(r: { from: number; to: number; fromInfo?: VersionInfo; toInfo?: VersionInfo }): MessageView {
  return {
    title: t.rolledBackTitle,
    text: [t.rolledBack(r.from, r.to)],
    facts: [
      ...(r.fromInfo ? [{ label: `${t.versionFact(r.from)} →`, value: versionDetail(r.fromInfo) }] : []),
      ...(r.toInfo ? [{ label: `→ ${t.versionFact(r.to)}`, value: versionDetail(r.toInfo) }] : []),
    ],
    tone: 'good',
  };
}

export function versionsView(r: { active: number | undefined; versions: VersionInfo[] }): MessageView {
  if (!r.versions.length) return { title: t.versionsTitle, text: [t.versionsNone] };
  return {
    title: t.versionsTitle,
    text: [t.versionsActive(r.active)],
    list: r.versions.slice(0, ADMIN_LIST_LIMIT).map((v) => ({
      title: `${t.versionFact(v.version)}${v.version === r.active ? t.versionActiveMark : ''}`,
      detail: versionDetail(v),
    })),
    footnote: t.versionsRollbackHint,
  };
}

function stageText(l: DryRunLine): string {
  if (l.stage.kind === 'lead') return t.stageLead(l.stage.days);
  if (l.stage.kind === 'escalation') return t.stageEscalation;
  return t.stageSnooze;
}

export function dryRunView(from: string, to: string, result: { lines: DryRunLine[]; warnings: string[] }, limit = ADMIN_LIST_LIMIT): MessageView {
  const shown = result.lines.slice(0, limit);
  const text = [result.lines.length ? t.dryRunCount(result.lines.length) : t.dryRunNone];
  if (result.lines.length > shown.length) text.push(t.dryRunMore(result.lines.length - shown.length));
  const problems = [...new Set(result.lines.flatMap((l) => l.problems))];
  const warnings = [...result.warnings, ...problems];
  return {
    title: t.dryRunTitle(from, to),
    text,
    ...(shown.length
      ? {
          list: shown.map((l) => ({
            title: `${when(l.at)} · ${l.title}${l.unit ? ` (${l.unit})` : ''}`,
            detail: t.dryRunDetail(l.to.join(', '), stageText(l), l.dueDate),
          })),
        }
      : {}),
    ...(warnings.length ? { footnote: `${t.dryRunWarnings}: ${warnings.slice(0, 10).join(' · ')}` } : {}),
    ...(warnings.length ? { tone: 'warning' as const } : {}),
  };
}

export function deadLettersView(r: { items: DeadLetter[]; total: number }): MessageView {
  if (!r.total) return { title: t.deadTitle, text: [t.deadNone], tone: 'good' };
  return {
    title: t.deadTitle,
    text: [t.deadCount(r.items.length, r.total)],
    list: r.items.map((d) => ({
      title: t.deadItem(d.ref, d.kind),
      detail:
        d.status === 'waiting_address'
          ? t.waitingDetail(d.waitingFor ?? t.noReason, when(d.createdAt))
          : t.deadDetail(d.status === 'dead' ? t.statusDead : t.statusUnreachable, d.channel === 'teams' ? 'Teams' : 'Slack', d.attempts, when(d.createdAt), d.reason ?? t.noReason),
    })),
    footnote: t.deadRequeueHint,
    tone: 'warning',
  };
}

export function requeuedView(d: DeadLetter): MessageView {
  return { title: t.requeuedTitle, text: [t.requeued(d.ref)], tone: 'good' };
}

export function settingsView(stored: StoredSettings, rows: SettingRow[]): MessageView {
  return {
    title: t.settingsTitle,
    text: [t.settingsVersion(stored.version, stored.updatedAt ? when(stored.updatedAt) : undefined, stored.updatedBy)],
    facts: rows.map((r) => ({ label: t.settingsFactLabel(r.label, r.key), value: `${r.value}${r.isDefault ? t.settingsDefaultMark : ''}` })),
    footnote: t.settingsHint,
  };
}

export function settingChangedView(c: SettingChange): MessageView {
  const text = [c.reset ? t.settingReset(c.label, c.to) : t.settingChanged(c.label, c.from, c.to), t.settingApplied];
  for (const role of c.warnings) text.push(t.unknownRoleWarning(role));
  return { title: t.settingChangedTitle, text, tone: c.warnings.length ? 'warning' : 'good' };
}

export function importDoneView(outcome: ImportOutcome, limit = 10): MessageView {
  const text: string[] = [];
  if (outcome.replaced.length) text.push(t.importReplaced(outcome.replaced));
  if (outcome.warnings.length) {
    text.push(t.importWarnings(outcome.warnings.length));
    text.push(...outcome.warnings.slice(0, limit));
    if (outcome.warnings.length > limit) text.push(t.importMoreWarnings(outcome.warnings.length - limit));
  }
  return {
    title: t.importTitle(outcome.version),
    ...(text.length ? { text } : {}),
    facts: t.importCounts(outcome.counts),
    footnote: t.importRollbackHint,
    tone: outcome.warnings.length ? 'warning' : 'good',
  };
}

export function importRejectedView(summary: string, issues: ImportIssue[], limit = ADMIN_LIST_LIMIT): MessageView {
  const text = [summary, ...issues.slice(0, limit).map(formatIssue)];
  if (issues.length > limit) text.push(t.importRejectedMore(issues.length - limit));
  return { title: t.importRejectedTitle, text, tone: 'warning' };
}
