import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { toStockholmDate } from '../../domain/calendar/swedish-calendar.js';
import { userText } from '../../domain/error-text.js';
import '../../domain/paminnelser/errors.js';
import type { Directory, Person } from '../../domain/paminnelser/ports.js';
import { formatDryRun, ReminderService } from '../../domain/paminnelser/service.js';
import { reminderConfig } from '../../domain/paminnelser/types.js';
import { AuditRepository } from '../../storage/audit.js';
import { MongoOutbox } from '../../storage/outbox.js';
import { ReminderRepository } from '../../storage/reminder-repository.js';
import { parseArgs, type CliContext } from '../context.js';

/**
 * `kvalitetsbot reminders --dry-run --from 2027-02-01 --to 2027-03-31`
 * `kvalitetsbot reminders import-rutiner rutiner.csv|.xlsx`
 * `kvalitetsbot reminders import-internkontroll plan.csv|.xlsx`
 *
 * Without a directory (the default) the dry run names roles instead of people; the lead can pass the real one with
 * `createRemindersCommand(() => directory)`.
 */
const HELP = [
  'Användning:',
  '  kvalitetsbot reminders --dry-run --from ÅÅÅÅ-MM-DD --to ÅÅÅÅ-MM-DD',
  '  kvalitetsbot reminders import-rutiner <fil.csv|fil.xlsx>',
  '  kvalitetsbot reminders import-internkontroll <fil.csv|fil.xlsx>',
].join('\n');

/** Shows role labels as "people"; used when the CLI has no organisation data. */
const roleLabelDirectory: Directory = {
  async resolve(spec) {
    const label = spec.kind === 'role' ? (spec.unit ? `${spec.role} (${spec.unit})` : spec.role) : `person ${spec.personId}`;
    return [{ id: label, displayName: label } satisfies Person];
  },
  async managerOf(personId) {
    return { id: `chef:${personId}`, displayName: `chef för ${personId}` };
  },
  async admins() {
    return [];
  },
};

export function createRemindersCommand(directoryFactory?: (ctx: CliContext) => Promise<Directory>) {
  return {
    name: 'reminders',
    summary: 'Påminnelser: torrkörning av vad som skulle skickas, import av rutiner och internkontrollplan',
    describe: 'Påminnelser: torrkörning och import',
    async run(args: string[], ctx: CliContext): Promise<number> {
      const { positional, options } = parseArgs(args, ['dry-run']);
      try {
        const db = await ctx.db();
        const store = new ReminderRepository(db);
        const directory = directoryFactory ? await directoryFactory(ctx) : roleLabelDirectory;
        const service = new ReminderService({
          store,
          directory,
          outbox: new MongoOutbox(db, ctx.clock),
          audit: new AuditRepository(db),
          clock: ctx.clock,
          config: reminderConfig(),
        });
        if (options['dry-run']) {
          const today = toStockholmDate(ctx.clock.now());
          const from = typeof options.from === 'string' ? options.from : today;
          const to = typeof options.to === 'string' ? options.to : from;
          const result = await service.dryRun(from, to, { checkAddresses: Boolean(directoryFactory) });
          ctx.out(formatDryRun(from, to, result));
          return 0;
        }
        const [sub, file] = positional;
        if ((sub === 'import-rutiner' || sub === 'import-internkontroll') && file) {
          const ext = extname(file).toLowerCase();
          const format = ext === '.xlsx' ? 'xlsx' : 'csv';
          const data = await readFile(file);
          const actor = ctx.env.USER ? `cli:${ctx.env.USER}` : 'cli';
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
}

export const remindersCommand = createRemindersCommand();
