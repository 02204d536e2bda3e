/**
 * The Slack app manifest with this bot's public address, checked against Slack's manifest rules, ready to paste into
 * api.slack.com → Create New App → From a manifest:
 *   npm run --silent manifest:slack -- https://kvalitetsbot.kommun.se > slack-manifest.yaml
 *   npm run --silent manifest:slack -- --socket-mode > slack-manifest.yaml
 * Without an address it uses PUBLIC_BASE_URL.
 */
import { parse } from 'yaml';
import { renderSlackManifest, SLACK_MANIFEST, SLACK_SOCKET_MODE_MANIFEST, validateSlackManifest } from '../manifest/slack/slack-manifest.js';

const args = process.argv.slice(2);
const socketMode = args.includes('--socket-mode');
const address = args.find((a) => !a.startsWith('--')) ?? process.env.PUBLIC_BASE_URL;
if (!socketMode && !address) {
  process.stderr.write('Ange botens publika adress, t.ex. npm run manifest:slack -- https://kvalitetsbot.kommun.se (eller sätt PUBLIC_BASE_URL).\n');
  process.exit(2);
}
let text: string;
try {
  // Socket Mode needs no public address; the placeholder stays where Slack ignores it.
  text = renderSlackManifest(address ?? 'https://kvalitetsbot.example.com', socketMode ? SLACK_SOCKET_MODE_MANIFEST : SLACK_MANIFEST);
} catch {
  process.stderr.write(`Adressen "${address}" är ingen giltig URL (t.ex. https://kvalitetsbot.kommun.se).\n`);
  process.exit(2);
}
const problems = validateSlackManifest(parse(text));
if (problems.length) {
  process.stderr.write(`Manifestet följer inte Slacks regler:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(text);
