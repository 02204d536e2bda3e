import { hostname } from 'node:os';
import { DateTime } from 'luxon';
import { avv } from '../../domain/avvikelser/messages.js';
import { syn } from '../../domain/synpunkter/messages.js';
import { ret } from '../../domain/retention/messages.js';
import type { RetentionReport } from '../../domain/retention/ports.js';
import { RetentionService, type PlannedAction } from '../../domain/retention/service.js';
import { AuditRepository } from '../../storage/audit.js';
import { MongoAuditStore } from '../../storage/cases.js';
import { ensureRetentionIndexes, MongoRetentionStore } from '../../storage/retention-store.js';
import { loadRetentionSettings } from '../../scheduler/retention-job.js';
import { parseArgs } from '../context.js';
import { cliActor } from './export-case.js';
import type { CliCommand } from './index.js';

function typeLabel(kind: string, type: string): string {
  const labels: Record<string, string> = kind === 'avvikelse' ? avv.types : syn.types;
  return labels[type] ?? type;
}

function day(d: Date): string {
  return DateTime.fromJSDate(d, { zone: 'Europe/Stockholm' }).toISODate() ?? '';
}

function plannedLines(planned: PlannedAction[]): string[] {
  if (planned.length === 0) return [ret.cli.dryRunNone];
  return [
    ...planned.map((p) => ret.cli.dryRunLine(p.number, typeLabel(p.kind, p.type), day(p.closedAt), ret.actions[p.action])),
    ret.cli.dryRunTotal(planned.length),
  ];
}

function reportLines(report: RetentionReport): string[] {
  const lines = report.counts.map((c) => ret.cli.countLine(typeLabel(c.kind, c.type), ret.actionsDone[c.action], c.count));
  if (lines.length === 0) lines.push(ret.cli.nothing);
  if (report.skipped) lines.push(ret.cli.skipped(report.skipped));
  if (report.cases.failed.length) lines.push(ret.cli.failedCases(report.cases.failed));
  return lines;
}

/**
 * `kvalitetsbot retention [--dry-run]` runs retention now (dry run: lists what would happen, changes nothing);
 * `kvalitetsbot retention --reports` shows the latest reports. Settings: RETENTION_SETTINGS / RETENTION_SETTINGS_FILE.
 * The operator's run is an admin action: it is in the audit trail (`audit`, subject `retention:<run id>`).
 */
export const retentionCommand: CliCommand = {
  name: 'retention',
  summary: 'Gallring: kör nu (--dry-run visar bara vad som skulle hända), --reports visar senaste rapporterna',
  async run(args, ctx) {
    const { options } = parseArgs(args, ['dry-run', 'reports']);
    const settings = await loadRetentionSettings(ctx.env);
    const db = await ctx.db();
    const actor = cliActor(ctx);
    const service = new RetentionService({
      store: new MongoRetentionStore(db),
      audit: new MongoAuditStore(db),
      clock: ctx.clock,
      settings,
      instanceId: `${actor.id}@${hostname()}:${process.pid}`,
    });
    if (options.reports) {
      const reports = await service.reports(10);
      if (reports.length === 0) ctx.out(ret.cli.reportsNone);
      else {
        ctx.out(ret.cli.reportsTitle);
        for (const r of reports) {
          ctx.out(ret.cli.reportLine(r._id, r.state, r.actor, r.cases.anonymised.length, r.cases.removed.length, r.cases.failed.length));
        }
      }
      return 0;
    }
    const audit = new AuditRepository(db);
    if (options['dry-run']) {
      const result = await service.run({ dryRun: true });
      if (result.status !== 'dry_run') return 1;
      await audit.appendAudit({ subject: `retention:${result.date}:dry-run`, actor: actor.id, action: 'retention.dry_run', at: ctx.clock.now(), details: { cases: result.planned.length } });
      ctx.out(ret.cli.dryRunTitle(result.date));
      for (const line of plannedLines(result.planned)) ctx.out(line);
      return 0;
    }
    await ensureRetentionIndexes(db);
    const result = await service.run({ trigger: 'manual', actor: actor.id });
    switch (result.status) {
      case 'disabled':
        ctx.out(ret.cli.disabled);
        return 0;
      case 'already_claimed':
        ctx.err(ret.cli.alreadyRun(result.date));
        return 1;
      case 'dry_run':
        return 1;
      case 'done':
      case 'failed': {
        await audit.appendAudit({
          subject: `retention:${result.runId}`,
          actor: actor.id,
          action: 'retention.run',
          at: ctx.clock.now(),
          details: { state: result.report.state, anonymised: result.report.cases.anonymised.length, removed: result.report.cases.removed.length, failed: result.report.cases.failed.length },
        });
        ctx.out(result.status === 'done' ? ret.cli.done(result.date) : ret.cli.failed(result.date));
        for (const line of reportLines(result.report)) ctx.out(line);
        return result.status === 'done' && result.report.cases.failed.length === 0 ? 0 : 1;
      }
    }
  },
};
