import { DateTime } from 'luxon';
import { adminText as t } from '../../domain/admin/messages.js';
import { parseArgs } from '../context.js';
import type { CliCommand } from './index.js';
import { cliAdminService, cliOperator } from './settings.js';

/** `kvalitetsbot dead-letters [--limit N]` lists undelivered messages; `--requeue <referens|id>` sends one again. */
export const deadLettersCommand: CliCommand = {
  name: 'dead-letters',
  summary: 'Visa olevererade meddelanden i utkorgen, eller köa ett igen (--requeue <referens>)',
  async run(args, ctx) {
    const { positional, options } = parseArgs(args);
    if (positional.length || options.requeue === true) {
      ctx.err(t.cliDeadUsage);
      return 2;
    }
    const admin = await cliAdminService(ctx);
    const actor = cliOperator(ctx);
    if (typeof options.requeue === 'string') {
      const d = await admin.requeue(actor, options.requeue);
      ctx.out(t.requeued(d.ref));
      return 0;
    }
    const limit = typeof options.limit === 'string' && /^\d+$/.test(options.limit) ? Math.min(1000, Number(options.limit)) : 50;
    const r = await admin.deadLetters(actor, limit);
    if (!r.total) {
      ctx.out(t.deadNone);
      return 0;
    }
    ctx.out(`${t.deadTitle}: ${t.deadCount(r.items.length, r.total)}`);
    for (const d of r.items) {
      const created = DateTime.fromJSDate(d.createdAt, { zone: 'Europe/Stockholm' }).toFormat('yyyy-MM-dd HH:mm');
      const detail =
        d.status === 'waiting_address'
          ? t.waitingDetail(d.waitingFor ?? t.noReason, created)
          : t.deadDetail(d.status === 'dead' ? t.statusDead : t.statusUnreachable, d.channel ?? '', d.attempts, created, d.reason ?? t.noReason);
      ctx.out(`${t.deadItem(d.ref, d.kind)}  ${detail}`);
    }
    ctx.out(t.deadRequeueHint.replace('"admin skicka om <referens>"', '"kvalitetsbot dead-letters --requeue <referens>"'));
    return 0;
  },
};
