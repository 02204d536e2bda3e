import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { toStockholmDate } from '../../domain/calendar/swedish-calendar.js';
import { userText } from '../../domain/error-text.js';
import '../../domain/paminnelser/errors.js';
import type { ReminderService } from '../../domain/paminnelser/flows.js';
import { formatDryRun } from '../../domain/paminnelser/messaging.js';
import { matrixDuties } from '../../storage/duties.js';
import type { People } from '../../storage/people.js';
import { parseArgs, type CliContext } from '../context.js';

/**
 * `kvalitetsbot reminders --dry-run --from 2027-02-01 --to 2027-03-31`
 * `kvalitetsbot reminders import-rutiner rutiner.csv|.xlsx`
 * `kvalitetsbot reminders import-internkontroll plan.csv|.xlsx`
 *
 * The CLI uses the same directory as the running app (organisation data, chat addresses, ADMIN_EMAILS) and the
 * stored admin settings, so the dry run names the person each reminder goes to, or says nobody can be reached.
 */
const HELP = [
  'Användning:',
  '  kvalitetsbot reminders --dry-run --from ÅÅÅÅ-MM-DD --to ÅÅÅÅ-MM-DD',
  '  kvalitetsbot reminders import-rutiner <fil.csv|fil.xlsx>',
  '  kvalitetsbot reminders import-internkontroll <fil.csv|fil.xlsx>',
  '  kvalitetsbot reminders sync   (läser ansvarsmatrisens återkommande uppgifter på nytt)',
].join('\n');

/** The reminder service as the running app builds it (services.ts), on the CLI's database. */
export async function cliReminderService(ctx: CliContext): Promise<{ service: ReminderService; people: People }> {
  const services = await ctx.services();
  await ctx.ansvar();
  await services.refreshSettings();
  return { service: services.reminders().service, people: services.people };
}

function cliActor(ctx: CliContext): string {
  return ctx.env.USER ? `cli:${ctx.env.USER}` : 'cli';
}

export const remindersCommand = {
  name: 'reminders',
  summary: 'Påminnelser: torrkörning av vad som skulle skickas, import av rutiner och internkontrollplan',
  describe: 'Påminnelser: torrkörning och import',
  async run(args: string[], ctx: CliContext): Promise<number> {
    const { positional, options } = parseArgs(args, ['dry-run']);
    try {
      const { service } = await cliReminderService(ctx);
      if (options['dry-run']) {
        const today = toStockholmDate(ctx.clock.now());
        const from = typeof options.from === 'string' ? options.from : today;
        const to = typeof options.to === 'string' ? options.to : from;
        const result = await service.dryRun(from, to, { checkAddresses: true });
        ctx.out(formatDryRun(from, to, result));
        return 0;
      }
      const [sub, file] = positional;
      if (sub === 'sync') {
        const r = await service.syncDuties(matrixDuties(await ctx.ansvar()), cliActor(ctx));
        ctx.out(`${r.count} återkommande uppgifter ur ansvarsmatrisen, ${r.changed} nya eller ändrade.`);
        for (const w of [...r.warnings, ...r.unreachable]) ctx.out(`  Varning: ${w}`);
        return 0;
      }
      if ((sub === 'import-rutiner' || sub === 'import-internkontroll') && file) {
        const ext = extname(file).toLowerCase();
        const format = ext === '.xlsx' ? 'xlsx' : 'csv';
        const data = await readFile(file);
        const actor = cliActor(ctx);
        const r = sub === 'import-rutiner' ? await service.importRutiner(data, format, actor) : await service.importInternkontroll(data, format, actor);
        ctx.out(`Importerade ${r.count} rader.`);
        for (const w of r.warnings) ctx.out(`  Varning: ${w}`);
        return 0;
      }
      ctx.err(HELP);
      return 2;
    } catch (error) {
      ctx.err(userText(error));
      return 1;
    }
  },
};
