import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { CaseExporter, exportFormats, type ExportFormat } from '../../domain/retention/export.js';
import { AppError } from '../../domain/errors.js';
import { RetentionErrors } from '../../domain/retention/errors.js';
import { ret } from '../../domain/retention/messages.js';
import { MongoAuditStore, MongoCaseStore } from '../../storage/case-store.js';
import { parseArgs, type CliContext } from '../context.js';
import type { CliCommand } from './index.js';

/** The operator running the CLI, as an audit actor: `cli:<os user>`. Having database access is the authorisation. */
export function cliActor(ctx: Pick<CliContext, 'env'>): { id: string; name: string } {
  let user = ctx.env.USER ?? ctx.env.USERNAME ?? ctx.env.LOGNAME;
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = 'okänd';
    }
  }
  return { id: `cli:${user}`, name: `cli:${user}` };
}

/**
 * `kvalitetsbot export-case AVV-2026-0001 [--format json|txt] [--out fil]`
 * Writes one case with its audit trail to a file (default `<nummer>.<format>` here; `--out -` prints it). The export
 * is recorded in the case's audit trail first ("exported", actor `cli:<os user>`).
 */
export const exportCaseCommand: CliCommand = {
  name: 'export-case',
  summary: 'Exportera ett ärende med händelselogg till fil (json eller txt), t.ex. export-case AVV-2026-0001 --format txt',
  async run(args, ctx) {
    const { positional, options } = parseArgs(args);
    const number = positional[0];
    if (!number) {
      ctx.err(ret.cli.missingNumber);
      return 2;
    }
    const format = (typeof options.format === 'string' ? options.format.toLowerCase() : 'json') as ExportFormat;
    if (!exportFormats.includes(format)) throw new AppError(RetentionErrors.badFormat, { format: String(options.format) });
    const db = await ctx.db();
    const exporter = new CaseExporter({ cases: new MongoCaseStore(db), audit: new MongoAuditStore(db), clock: ctx.clock });
    const file = await exporter.exportCase(number, cliActor(ctx), format);
    const out = typeof options.out === 'string' ? options.out : file.fileName;
    if (out === '-') {
      ctx.out(file.content.replace(/\n$/, ''));
      return 0;
    }
    // Personal data: readable by the operator only.
    await writeFile(out, file.content, { encoding: 'utf8', mode: 0o600 });
    ctx.out(ret.cli.exported(file.export.case.number as string, resolve(out)));
    return 0;
  },
};
