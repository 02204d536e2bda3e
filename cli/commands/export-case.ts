import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { CaseExporter, exportFormats, type ExportFormat } from '../../domain/retention/export.js';
import { AppError } from '../../domain/errors.js';
import { RetentionErrors } from '../../domain/retention/errors.js';
import { ret } from '../../domain/retention/messages.js';
import { MongoAuditStore, MongoCaseStore } from '../../storage/cases.js';
import { randomUUID } from 'node:crypto';
import { auditIvoPacketExport, buildIvoPacket, ivoPacketMarkdown } from '../../domain/avvikelser/ivo-packet.js';
import { avvikelseDocSchema } from '../../domain/avvikelser/schema.js';
import '../../domain/avvikelser/errors.js';
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
 * `kvalitetsbot export-case AVV-2026-0001 [--format json|txt|ivo] [--out fil]`
 * `--format ivo` writes the IVO-ready packet of a lex Sarah / lex Maria case as Markdown (audited as
 * `ivo_packet.exported`, via `cli`).
 * Writes one case with its audit trail to a file (default `<nummer>.<format>` here; `--out -` prints it). The export
 * is recorded in the case's audit trail first ("exported", actor `cli:<os user>`).
 */
export const exportCaseCommand: CliCommand = {
  name: 'export-case',
  summary: 'Exportera ett ärende med händelselogg till fil (json eller txt), eller IVO-underlaget (ivo), t.ex. export-case AVV-2026-0001 --format ivo',
  async run(args, ctx) {
    const { positional, options } = parseArgs(args);
    const number = positional[0];
    if (!number) {
      ctx.err(ret.cli.missingNumber);
      return 2;
    }
    const format = (typeof options.format === 'string' ? options.format.toLowerCase() : 'json') as ExportFormat;
    if ((format as string) === 'ivo') return exportIvoPacket(number, typeof options.out === 'string' ? options.out : undefined, ctx);
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

/** The IVO packet of a lex case as a Markdown file (or on stdout with `--out -`). */
async function exportIvoPacket(number: string, out: string | undefined, ctx: CliContext): Promise<number> {
  const db = await ctx.db();
  const stored = await new MongoCaseStore(db).getByNumber(number.trim().toUpperCase());
  if (!stored) throw new AppError(RetentionErrors.caseNotFound, { number: number.slice(0, 40) });
  const parsed = avvikelseDocSchema.safeParse(stored);
  if (!parsed.success || (parsed.data.type !== 'lex_sarah' && parsed.data.type !== 'lex_maria') || !parsed.data.lex) {
    throw new AppError('avvikelse.lex_only', { number: stored.number });
  }
  const doc = parsed.data;
  const directory = await (await ctx.ansvar()).directory();
  const unitNames = doc.unitPath.map((id) => directory.unit(id)?.name ?? id);
  await auditIvoPacketExport(new MongoAuditStore(db), doc, cliActor(ctx), ctx.clock.now(), 'cli', randomUUID());
  const text = ivoPacketMarkdown(buildIvoPacket(doc, { unitNames, ...(doc.lex!.decision ? { decidedBy: doc.lex!.decision.byName, contact: doc.lex!.decision.byName } : {}) }));
  const target = out ?? `${doc.number}-ivo.md`;
  if (target === '-') {
    ctx.out(text.replace(/\n$/, ''));
    return 0;
  }
  await writeFile(target, text, { encoding: 'utf8', mode: 0o600 });
  ctx.out(ret.cli.exported(doc.number, resolve(target)));
  return 0;
}
