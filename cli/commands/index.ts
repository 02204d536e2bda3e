import type { CliContext } from '../context.js';
import { askCommand } from './ask.js';
import { exportCaseCommand } from './export-case.js';
import { deadLettersCommand } from './dead-letters.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { remindersCommand } from './reminders.js';
import { retentionCommand } from './retention.js';
import { rollbackCommand } from './rollback.js';
import { sammanstallningCommand } from './sammanstallning.js';
import { settingsCommand } from './settings.js';

/** One CLI command. Add a file in this folder and a line in `commands` below. */
export interface CliCommand {
  name: string;
  /** One line of Swedish help. */
  summary: string;
  /** Returns the process exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

export const commands: Record<string, CliCommand> = {
  [importCommand.name]: importCommand,
  [askCommand.name]: askCommand,
  [exportCommand.name]: exportCommand,
  [rollbackCommand.name]: rollbackCommand,
  [remindersCommand.name]: remindersCommand,
  [retentionCommand.name]: retentionCommand,
  [exportCaseCommand.name]: exportCaseCommand,
  [settingsCommand.name]: settingsCommand,
  [deadLettersCommand.name]: deadLettersCommand,
  [sammanstallningCommand.name]: sammanstallningCommand,
};
