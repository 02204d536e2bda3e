import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { SlackManifestSchema } from '../../manifest/slack/slack-manifest.js';

type SlackManifest = z.infer<typeof SlackManifestSchema>;

/** Reading what the Slack manifests declare, for the tests that hold them against the bot. */
/** Parses a manifest file (YAML) into the typed subset. @throws ZodError when a relied-on field is missing. */
export function loadSlackManifest(path: string): SlackManifest {
  return SlackManifestSchema.parse(parse(readFileSync(path, 'utf8')));
}

export interface SlackManifestIds {
  /** Slash commands with their slash, e.g. `/avvikelse`. */
  commands: string[];
  /** Callback ids of global and message shortcuts. */
  shortcuts: string[];
}

/**
 * Every slash command and shortcut callback id a manifest declares, so a test can check that the bot registers a
 * handler for each one and declares nothing the manifest lacks.
 */
export function slackManifestIds(path: string): SlackManifestIds {
  const manifest = loadSlackManifest(path);
  return {
    commands: manifest.features.slash_commands.map((c) => c.command),
    shortcuts: manifest.features.shortcuts.map((s) => s.callback_id),
  };
}

/** Every request URL in a manifest (slash commands, events, interactivity). */
export function slackManifestUrls(manifest: SlackManifest): string[] {
  return [
    ...manifest.features.slash_commands.flatMap((c) => (c.url ? [c.url] : [])),
    ...(manifest.settings.event_subscriptions?.request_url ? [manifest.settings.event_subscriptions.request_url] : []),
    ...(manifest.settings.interactivity?.request_url ? [manifest.settings.interactivity.request_url] : []),
  ];
}
