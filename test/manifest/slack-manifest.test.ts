import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../bot/slack/slack-app.js';
import { loadSlackManifest, slackManifestIds, slackManifestUrls } from '../support/slack-manifest-reading.js';
import { ShortcutIds, SlashCommands } from '../../domain/action-ids.js';
import {
  PLACEHOLDER_ORIGIN,
  renderSlackManifest,
  SLACK_DIR,
  SLACK_MANIFEST,
  SLACK_SOCKET_MODE_MANIFEST,
  validateSlackManifest,
} from '../../manifest/slack/slack-manifest.js';

const raw = (path: string) => parse(readFileSync(path, 'utf8')) as Record<string, any>;
const sorted = (values: Iterable<string>) => [...values].sort();

/** The scope each subscribed bot event needs (Slack's event reference). */
const EVENT_SCOPES: Record<string, string | undefined> = {
  app_home_opened: undefined,
  app_mention: 'app_mentions:read',
  'message.im': 'im:history',
};

describe.each([
  ['manifest.yaml', SLACK_MANIFEST],
  ['manifest.socket-mode.yaml', SLACK_SOCKET_MODE_MANIFEST],
])('%s', (_name, path) => {
  it("follows Slack's manifest rules", () => {
    expect(validateSlackManifest(raw(path))).toEqual([]);
  });

  it('declares every slash command in domain/action-ids.ts, and no other', () => {
    expect(sorted(slackManifestIds(path).commands)).toEqual(sorted(Object.values(SlashCommands)));
  });

  it('declares every shortcut in domain/action-ids.ts, and no other, with the type its id names', () => {
    const manifest = loadSlackManifest(path);
    expect(sorted(slackManifestIds(path).shortcuts)).toEqual(sorted(Object.values(ShortcutIds)));
    for (const shortcut of manifest.features.shortcuts) {
      expect(shortcut.callback_id.endsWith(`.${shortcut.type}`), shortcut.callback_id).toBe(true);
    }
    expect(manifest.features.shortcuts.find((s) => s.callback_id === ShortcutIds.avvikelseFromMessage)?.name).toBe(
      'Rapportera som avvikelse',
    );
  });

  it('has App Home with a home tab and a writable messages tab, and a bot user', () => {
    const manifest = raw(path);
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(manifest.features.bot_user.display_name).toBe('Kvalitetsbot');
  });

  it('subscribes to the three bot events and asks for exactly the minimum scopes', () => {
    const manifest = loadSlackManifest(path);
    const events = manifest.settings.event_subscriptions?.bot_events ?? [];
    expect(sorted(events)).toEqual(['app_home_opened', 'app_mention', 'message.im']);
    const scopes = manifest.oauth_config.scopes.bot;
    for (const event of events) {
      const needed = EVENT_SCOPES[event];
      if (needed) expect(scopes, event).toContain(needed);
    }
    expect(sorted(scopes)).toEqual(
      sorted(['commands', 'chat:write', 'files:read', 'files:write', 'im:write', 'im:history', 'users:read', 'users:read.email', 'app_mentions:read']),
    );
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
  });

  it('has Swedish texts on every command and shortcut', () => {
    const manifest = loadSlackManifest(path);
    const texts = [
      ...manifest.features.slash_commands.flatMap((c) => [c.description, c.usage_hint ?? '']),
      ...manifest.features.shortcuts.flatMap((s) => [s.name, s.description]),
    ];
    for (const text of texts) expect(text.trim().length).toBeGreaterThan(3);
    // A cheap guard against an English leftover: Swedish function words or letters appear in every description.
    for (const s of manifest.features.shortcuts) expect(s.description).toMatch(/[åäö]|\b(en|ett|för|som|med)\b/i);
  });
});

describe('HTTP mode and Socket Mode', () => {
  it('sends everything to https://<host>/slack/events in HTTP mode', () => {
    const manifest = loadSlackManifest(SLACK_MANIFEST);
    const urls = slackManifestUrls(manifest);
    // Four slash commands, events and interactivity.
    expect(urls).toHaveLength(6);
    for (const url of urls) expect(url).toBe(`${PLACEHOLDER_ORIGIN}${SLACK_EVENTS_PATH}`);
    // The path Bolt's receiver is mounted on.
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('the Socket Mode variant is the same app without URLs', () => {
    const socket = raw(SLACK_SOCKET_MODE_MANIFEST);
    const http = raw(SLACK_MANIFEST);
    expect(slackManifestUrls(loadSlackManifest(SLACK_SOCKET_MODE_MANIFEST))).toEqual([]);
    expect(socket.settings.socket_mode_enabled).toBe(true);
    for (const command of http.features.slash_commands) delete command.url;
    delete http.settings.event_subscriptions.request_url;
    delete http.settings.interactivity.request_url;
    http.settings.socket_mode_enabled = true;
    expect(socket).toEqual(http);
  });

  it('renders the HTTP manifest for a real host, still valid', () => {
    const text = renderSlackManifest('https://kvalitetsbot.kommun.example/ignored/path');
    expect(text).not.toContain(PLACEHOLDER_ORIGIN);
    const rendered = parse(text) as Record<string, any>;
    expect(rendered.settings.event_subscriptions.request_url).toBe('https://kvalitetsbot.kommun.example/slack/events');
    expect(validateSlackManifest(rendered)).toEqual([]);
  });
});

describe("Slack's manifest rules catch a broken manifest", () => {
  const broken: [string, (m: Record<string, any>) => void, RegExp][] = [
    ['shortcut name over 24 characters', (m) => (m.features.shortcuts[0].name = 'Rapportera en ny avvikelse nu'), /shortcuts\/0\/name/],
    ['unknown shortcut type', (m) => (m.features.shortcuts[0].type = 'channel'), /shortcuts\/0\/type/],
    ['slash command without slash', (m) => (m.features.slash_commands[0].command = 'avvikelse'), /slash_commands\/0\/command/],
    ['long description too short', (m) => (m.display_information.long_description = 'Kort.'), /long_description/],
    ['misspelt setting', (m) => (m.settings.interactivty = { is_enabled: true }), /additionalProperty/],
  ];
  it.each(broken)('%s', (_name, breakIt, expected) => {
    const manifest = raw(SLACK_MANIFEST);
    breakIt(manifest);
    const problems = validateSlackManifest(manifest);
    expect(problems.join('\n')).toMatch(expected);
  });
});

describe('docs/installation.md', () => {
  it('justifies every bot scope the manifest asks for', () => {
    const doc = readFileSync(join(SLACK_DIR, '..', '..', 'docs', 'installation.md'), 'utf8');
    for (const scope of loadSlackManifest(SLACK_MANIFEST).oauth_config.scopes.bot) {
      // Each scope has a row in both the Swedish and the English table.
      expect(doc.split(`| \`${scope}\` |`).length - 1, scope).toBe(2);
    }
  });
});
