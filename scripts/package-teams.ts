/**
 * Writes the Teams app package: `npx tsx scripts/package-teams.ts [--out path/to/file.zip]`.
 * Reads MICROSOFT_APP_ID and PUBLIC_BASE_URL (required) and TEAMS_APP_ID, TEAMS_APP_VERSION, TEAMS_DEVELOPER_NAME,
 * TEAMS_WEBSITE_URL, TEAMS_PRIVACY_URL, TEAMS_TERMS_URL (optional) from the environment; see docs/installation.md.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../config/env.js';
import { PackageMessages } from '../manifest/teams/messages.js';
import { buildTeamsPackage, DEFAULT_OUT_FILE, TeamsPackageInvalidError } from '../manifest/teams/teams-package.js';

function outFileFromArgs(args: string[]): string {
  const i = args.indexOf('--out');
  return i >= 0 && args[i + 1] ? resolve(args[i + 1]!) : DEFAULT_OUT_FILE;
}

try {
  const result = await buildTeamsPackage(process.env, outFileFromArgs(process.argv.slice(2)));
  for (const note of result.notes) process.stderr.write(`Obs / note: ${note}\n`);
  process.stdout.write(`${PackageMessages.written(result.outFile)} (${result.files.join(', ')})\n`);
} catch (error) {
  if (error instanceof ConfigError || error instanceof TeamsPackageInvalidError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
