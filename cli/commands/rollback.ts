import { cliText } from '../../domain/ansvarsmatris/messages.js';
import type { CliCommand } from './index.js';
import { cliAdminService, cliOperator } from './settings.js';

export const rollbackCommand: CliCommand = {
  name: 'rollback',
  summary: 'Återställ föregående version av ansvarsmatrisen',
  async run(_args, ctx) {
    const { from, to } = await (await cliAdminService(ctx)).rollback(cliOperator(ctx));
    ctx.out(cliText.rolledBack(from, to));
    return 0;
  },
};
