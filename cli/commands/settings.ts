import { matrixDuties } from '../../storage/duties.js';
import { cliReminderService } from './reminders.js';
import { adminText as t } from '../../domain/admin/messages.js';
import { AdminService, type AdminActor } from '../../domain/admin/service.js';
import { findSettingKey } from '../../domain/admin/settings.js';
import { AuditRepository } from '../../storage/audit.js';
import { MongoSettingsRepository } from '../../storage/settings-repository.js';
import type { CliContext } from '../context.js';
import type { CliCommand } from './index.js';

/** The CLI acts as the operator `cli:<os user>`: whoever holds the database credentials administers the bot. */
export function cliOperator(ctx: CliContext): AdminActor {
  return { id: `cli:${ctx.env.USER ?? ctx.env.USERNAME ?? 'okänd'}` };
}

/** The admin service on the CLI's database connection; every action is audited under the operator. */
export async function cliAdminService(ctx: CliContext): Promise<AdminService> {
  const { db, outbox } = await ctx.services();
  const ansvar = await ctx.ansvar();
  return new AdminService({
    // The operator at the command line administers; the chat's admins are checked by the app's AdminService.
    isAdmin: async (actor) => actor.id.startsWith('cli:'),
    audit: new AuditRepository(db),
    settings: new MongoSettingsRepository(db, ctx.clock),
    ansvar,
    outbox,
    clock: ctx.clock,
    // A matrix import or rollback from the command line updates the reminders just as one in chat does.
    onMatrixChanged: async (actorId) => (await cliReminderService(ctx)).service.syncDuties(matrixDuties(ansvar), actorId),
  });
}

/**
 * `kvalitetsbot settings` (show all), `settings get <nyckel>`, `settings set <nyckel> <värde>`
 * (`standard` as value removes the override).
 */
export const settingsCommand: CliCommand = {
  name: 'settings',
  summary: 'Visa eller ändra inställningar (svarstider, påminnelsedagar, kontorstid, reservmottagare)',
  async run(args, ctx) {
    const [sub, key, ...value] = args;
    const admin = await cliAdminService(ctx);
    const actor = cliOperator(ctx);
    if (!sub || sub === 'get') {
      const { stored, rows } = await admin.settings(actor);
      const wanted = key ? findSettingKey(key).key : undefined;
      if (!wanted) {
        ctx.out(t.cliSettingsHeader);
        ctx.out(t.settingsVersion(stored.version, stored.updatedAt?.toISOString(), stored.updatedBy));
      }
      for (const r of rows) {
        if (wanted && r.key !== wanted) continue;
        ctx.out(`${r.key}: ${r.value}${r.isDefault ? t.settingsDefaultMark : ''}${wanted ? '' : `  – ${r.label}`}`);
      }
      return 0;
    }
    if (sub === 'set' && key && value.length) {
      const c = await admin.setSetting(actor, key, value.join(' '));
      ctx.out(c.reset ? t.settingReset(c.label, c.to) : t.settingChanged(c.label, c.from, c.to));
      for (const role of c.warnings) ctx.out(t.unknownRoleWarning(role));
      ctx.out(t.cliRestartNote);
      return 0;
    }
    ctx.err(t.cliSetUsage);
    return 2;
  },
};
