import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const SlashCommandSchema = z.object({
  command: z.string(),
  url: z.string().optional(),
  description: z.string(),
  usage_hint: z.string().optional(),
  should_escape: z.boolean().optional(),
});

const ShortcutSchema = z.object({
  name: z.string(),
  type: z.enum(['global', 'message']),
  callback_id: z.string(),
  description: z.string(),
});

/** The part of a Slack manifest this project relies on; the rest passes through untouched. */
const SlackManifestSchema = z.looseObject({
  display_information: z.looseObject({ name: z.string() }),
  features: z.looseObject({
    app_home: z.looseObject({}).optional(),
    bot_user: z.looseObject({ display_name: z.string() }).optional(),
    slash_commands: z.array(SlashCommandSchema).default([]),
    shortcuts: z.array(ShortcutSchema).default([]),
  }),
  oauth_config: z.looseObject({ scopes: z.looseObject({ bot: z.array(z.string()).default([]) }) }),
  settings: z.looseObject({
    event_subscriptions: z.looseObject({ request_url: z.string().optional(), bot_events: z.array(z.string()).default([]) }).optional(),
    interactivity: z.looseObject({ is_enabled: z.boolean(), request_url: z.string().optional() }).optional(),
    socket_mode_enabled: z.boolean().optional(),
  }),
});

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
