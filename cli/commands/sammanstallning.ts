import { writeFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import { caseSettings } from '../../domain/cases/settings.js';
import { compileStatistics } from '../../domain/statistik/compile.js';
import { compilationToCsv, compilationToXlsx } from '../../domain/statistik/export.js';
import { MongoStatistikSource } from '../../storage/statistik-store.js';
import type { CliCommand } from './index.js';

/**
 * `sammanstallning <år> [--enhet <namn>] [--format xlsx|csv] [--out fil]`: the yearly compilation of synpunkter and
 * avvikelser (counts only, small groups merged) as a workbook or CSV for the kvalitetsberättelse.
 */
export const sammanstallningCommand: CliCommand = {
  name: 'sammanstallning',
  summary: 'Sammanställning av synpunkter och avvikelser för ett år, som Excel eller CSV',
  async run(args, ctx) {
    const value = (flag: string) => {
      const i = args.indexOf(flag);
      return i >= 0 ? args[i + 1] : undefined;
    };
    const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--')));
    const year = positional[0] ? Number(positional[0]) : DateTime.fromJSDate(ctx.clock.now(), { zone: 'Europe/Stockholm' }).year;
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      ctx.err('Ange året med fyra siffror, t.ex. "sammanstallning 2026".');
      return 2;
    }
    const format = value('--format') ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'csv') {
      ctx.err('--format ska vara xlsx eller csv.');
      return 2;
    }
    const unitText = value('--enhet') ?? value('--unit');
    const dir = await (await ctx.ansvar()).directory();
    const unit = unitText ? dir.unitByNameOrAlias(unitText) : undefined;
    if (unitText && !unit) {
      ctx.err(`Hittar ingen enhet som heter "${unitText}".`);
      return 2;
    }
    const compilation = await compileStatistics(new MongoStatistikSource(await ctx.db()), {
      year,
      ...(unit ? { unitId: unit.id, unitName: unit.name } : {}),
      threshold: caseSettings().statistik.smallCellThreshold,
      now: ctx.clock.now(),
    });
    const out = value('--out') ?? `sammanstallning-${year}${unit ? `-${unit.id}` : ''}.${format}`;
    await writeFile(out, format === 'xlsx' ? await compilationToXlsx(compilation) : compilationToCsv(compilation), { mode: 0o600 });
    ctx.out(`Sammanställningen för ${year}${unit ? ` (${unit.name})` : ''} är sparad i ${out}: ${compilation.synpunkter.total} synpunkter, ${compilation.avvikelser.total} avvikelser.`);
    return 0;
  },
};
