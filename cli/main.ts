#!/usr/bin/env node
import { ConfigError } from '../config/env.js';
import { isEntryModule } from '../ops/entry.js';
import { operatorHint, userText } from '../domain/error-text.js';
import { isAppError } from '../domain/errors.js';
import { cliText } from '../domain/ansvarsmatris/messages.js';
import { commands } from './commands/index.js';
import { createCliContext } from './context.js';

/** Usage built from the command table, so every registered command is listed. */
function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return [
    'Användning: npm run cli -- <kommando> [argument]',
    '',
    'Kommandon:',
    ...Object.values(commands).map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Databasen: samma som appens (MONGODB_URI och MONGODB_DB; utan MONGODB_URI utvecklingsdatabasen i MONGODB_DATA_DIR, ./data).',
  ].join('\n');
}

/** `npx kvalitetsbot <command> …` / `npm run cli -- <command> …`. Returns the exit code. */
export async function runCli(
  argv: string[],
  io: { env?: Record<string, string | undefined>; out?: (l: string) => void; err?: (l: string) => void } = {},
): Promise<number> {
  const out = io.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = io.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    err(cliText.unknownCommand(name));
    err(usage());
    return 2;
  }
  const ctx = createCliContext({ env: io.env ?? process.env, out, err });
  try {
    return await command.run(args, ctx);
  } catch (error) {
    if (error instanceof ConfigError) {
      err(error.message);
      return 78;
    }
    err(userText(error));
    if (isAppError(error)) {
      // The operator runs the CLI: where the catalogue says how to fix the cause, say it once, with the code.
      const hint = operatorHint(error.code);
      if (hint) err(`${error.code}: ${hint}`);
    } else err(String((error as Error)?.stack ?? error));
    return 1;
  } finally {
    await ctx.close();
  }
}

if (isEntryModule(import.meta.url)) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
