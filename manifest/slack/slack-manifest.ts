import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * Reading the Slack app manifests (`manifest.yaml` for HTTP mode, `manifest.socket-mode.yaml` for Socket Mode):
 * the ids they declare, for tests that compare them with `cards/ids.ts` and with the listeners the bot registers,
 * and validation against Slack's published manifest schema (vendored in `schema/`, see its README).
 */

export const SLACK_DIR = dirname(fileURLToPath(import.meta.url));
export const SLACK_MANIFEST = join(SLACK_DIR, 'manifest.yaml');
export const SLACK_SOCKET_MODE_MANIFEST = join(SLACK_DIR, 'manifest.socket-mode.yaml');
/** The origin written in manifest.yaml; an admin replaces it with PUBLIC_BASE_URL (see `renderSlackManifest`). */
export const PLACEHOLDER_ORIGIN = 'https://kvalitetsbot.example.com';
/** Slack sends events, slash commands and interactivity to this one path (Bolt's ExpressReceiver). */
export const SLACK_EVENTS_PATH = '/slack/events';

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
export const SlackManifestSchema = z.looseObject({
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

export type SlackManifest = z.infer<typeof SlackManifestSchema>;

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

/**
 * The HTTP-mode manifest with the placeholder origin replaced by the bot's public address, ready to paste into
 * Slack's "From a manifest" dialog.
 */
export function renderSlackManifest(publicBaseUrl: string, path: string = SLACK_MANIFEST): string {
  const origin = new URL(publicBaseUrl).origin;
  return readFileSync(path, 'utf8').replaceAll(PLACEHOLDER_ORIGIN, origin);
}

let validator: ReturnType<Ajv['compile']> | undefined;

/**
 * Validates a parsed manifest against Slack's JSON schema for manifest version 1 (field names, lengths, enums).
 * Returns the problems, empty when valid. The schema has non-standard keywords (`regex`, `_note`), hence strict off.
 */
export function validateSlackManifest(document: unknown): string[] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(SLACK_DIR, 'schema', 'manifest.schema.1.0.0.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addFormat('uri', (value: string) => URL.canParse(value));
    validator = ajv.compile(schema);
  }
  if (validator(document)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`.trim());
}
