import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * Reading the Slack app manifests (`manifest.yaml` for HTTP mode, `manifest.socket-mode.yaml` for Socket Mode):
 * the ids they declare, for tests that compare them with `domain/action-ids.ts` and with the listeners the bot registers,
 * and validation against Slack's manifest rules (written from Slack's documentation).
 */

export const SLACK_DIR = dirname(fileURLToPath(import.meta.url));
export const SLACK_MANIFEST = join(SLACK_DIR, 'manifest.yaml');
export const SLACK_SOCKET_MODE_MANIFEST = join(SLACK_DIR, 'manifest.socket-mode.yaml');
/** The origin written in manifest.yaml; an admin replaces it with PUBLIC_BASE_URL (see `renderSlackManifest`). */
export const PLACEHOLDER_ORIGIN = 'https://kvalitetsbot.example.com';

/**
 * The HTTP-mode manifest with the placeholder origin replaced by the bot's public address, ready to paste into
 * Slack's "From a manifest" dialog.
 */
export function renderSlackManifest(publicBaseUrl: string, path: string = SLACK_MANIFEST): string {
  const origin = new URL(publicBaseUrl).origin;
  return readFileSync(path, 'utf8').replaceAll(PLACEHOLDER_ORIGIN, origin);
}

/**
 * Slack's manifest rules (v1) for every field we use, written from Slack's documentation: field names, lengths,
 * enums and patterns. Strict objects, so a misspelt key is an error as it is in Slack's own check.
 */
const url = z.string().refine((v) => URL.canParse(v) && v.startsWith('https://'), 'must be an https URL');
const StrictManifestSchema = z.strictObject({
  _metadata: z.strictObject({ major_version: z.literal(1), minor_version: z.number().int().min(0) }).optional(),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().max(140).optional(),
    long_description: z.string().min(175).max(4000).optional(),
    background_color: z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/).optional(),
  }),
  features: z.strictObject({
    app_home: z
      .strictObject({
        home_tab_enabled: z.boolean().optional(),
        messages_tab_enabled: z.boolean().optional(),
        messages_tab_read_only_enabled: z.boolean().optional(),
      })
      .optional(),
    bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean().optional() }).optional(),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().regex(/^\/[a-z0-9_.-]{1,31}$/, 'must start with / and be at most 32 lower-case characters'),
          url: url.optional(),
          description: z.string().min(1).max(2000),
          usage_hint: z.string().max(1000).optional(),
          should_escape: z.boolean().optional(),
        }),
      )
      .max(50)
      .optional(),
    shortcuts: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(24),
          type: z.enum(['global', 'message']),
          callback_id: z.string().min(1).max(255),
          description: z.string().min(1).max(150),
        }),
      )
      .max(10)
      .optional(),
  }),
  oauth_config: z.strictObject({
    redirect_urls: z.array(url).optional(),
    scopes: z.strictObject({ bot: z.array(z.string().regex(/^[a-z_.:-]+$/)).max(255).optional(), user: z.array(z.string()).optional() }),
  }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({ request_url: url.optional(), bot_events: z.array(z.string().regex(/^[a-z_.]+$/)).max(100).optional() }).optional(),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: url.optional(), message_menu_options_url: url.optional() }).optional(),
    org_deploy_enabled: z.boolean().optional(),
    socket_mode_enabled: z.boolean().optional(),
    token_rotation_enabled: z.boolean().optional(),
  }),
});

/** Validates a parsed manifest against Slack's manifest rules. Returns the problems, empty when valid. */
export function validateSlackManifest(document: unknown): string[] {
  const result = StrictManifestSchema.safeParse(document);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const where = '/' + issue.path.join('/');
    return issue.code === 'unrecognized_keys' ? `${where} additionalProperty ${issue.keys.join(', ')}` : `${where} ${issue.message}`;
  });
}
