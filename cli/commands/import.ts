import { formatIssue } from '../../domain/ansvarsmatris/errors.js';
import { AnsvarImportError } from '../../domain/ansvarsmatris/import-error.js';
import { cliText } from '../../domain/ansvarsmatris/messages.js';
import type { CliCommand } from './index.js';
import { cliAdminService, cliOperator } from './settings.js';

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Importera ansvarsmatris, organisation, roller, personer och vokabulär',
  async run(args, ctx) {
    const files = args.filter((a) => !a.startsWith('--'));
    if (!files.length) {
      ctx.err(cliText.missingArgument('minst en fil'));
      return 2;
    }
    try {
      // Through the admin service so the import is in the audit trail as an operator action.
      const outcome = await (await cliAdminService(ctx)).importFiles(cliOperator(ctx), files, { via: 'cli' });
      ctx.out(cliText.imported(outcome.version, cliText.counts(outcome.counts)));
      for (const w of outcome.warnings) ctx.out(cliText.warning(w));
      return 0;
    } catch (error) {
      if (error instanceof AnsvarImportError) {
        ctx.err(cliText.rejected);
        for (const issue of error.issues) ctx.err(formatIssue(issue));
        return 1;
      }
      throw error;
    }
  },
};
