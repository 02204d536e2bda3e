import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TeamsCommandIds } from '../../domain/action-ids.js';
import { ConfigError } from '../../config/env.js';
import { renderColorIcon, renderOutlineIcon } from '../../manifest/teams/icons.js';
import {
  assembleTeamsPackage,
  buildTeamsPackage,
  fillTemplate,
  readPng,
  readTeamsPackageSettings,
  TEAMS_DIR,
  type PackageFiles,
  type TeamsPackageValues,
  validateTeamsPackage,
  zipTeamsPackage,
} from '../../manifest/teams/teams-package.js';

const BOT_ID = '0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3';
const TEAMS_APP_ID = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const ENV = {
  MICROSOFT_APP_ID: BOT_ID,
  TEAMS_APP_ID,
  PUBLIC_BASE_URL: 'https://kvalitetsbot.kommun.example/some/path',
  TEAMS_APP_VERSION: '1.2.3',
  TEAMS_DEVELOPER_NAME: 'Exempelby kommun',
  TEAMS_PRIVACY_URL: 'https://www.kommun.example/personuppgifter',
  TEAMS_TERMS_URL: 'https://www.kommun.example/villkor',
};

// Manifest as a plain JSON tree, for editing into broken variants.
type Json = Record<string, any>;

function values(): TeamsPackageValues {
  return readTeamsPackageSettings(ENV).values;
}

function manifestOf(files: PackageFiles): Json {
  return JSON.parse(strFromU8(files['manifest.json']!)) as Json;
}

function withManifest(files: PackageFiles, edit: (m: Json) => void): PackageFiles {
  const manifest = manifestOf(files);
  edit(manifest);
  return { ...files, 'manifest.json': strToU8(JSON.stringify(manifest)) };
}

function solidPng(size: number, rgba: [number, number, number, number]): Uint8Array {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < png.data.length; i += 4) png.data.set(rgba, i);
  return new Uint8Array(PNG.sync.write(png));
}

describe('Teams app package', () => {
  let good: PackageFiles;

  beforeAll(() => {
    good = assembleTeamsPackage(values());
  });

  it('validates offline against the schema shipped in @microsoft/app-manifest', async () => {
    expect(await validateTeamsPackage(good)).toEqual([]);
    const manifest = manifestOf(good);
    expect(manifest.$schema).toMatch(/\/teams\/v1\.24\/MicrosoftTeams\.schema\.json$/);
    expect(Number(manifest.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(24);
  });

  it('fills every placeholder from the environment', () => {
    const manifest = manifestOf(good);
    expect(manifest.id).toBe(TEAMS_APP_ID);
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(manifest.composeExtensions[0].botId).toBe(BOT_ID);
    expect(manifest.validDomains).toEqual(['kvalitetsbot.kommun.example']);
    expect(manifest.developer).toMatchObject({ name: 'Exempelby kommun', privacyUrl: ENV.TEAMS_PRIVACY_URL });
    expect(strFromU8(good['manifest.json']!)).not.toContain('${{');
  });

  it('declares the bot in personal and team scope with the Swedish commands', () => {
    const bot = manifestOf(good).bots[0];
    expect(bot.scopes).toEqual(['personal', 'team']);
    const titles = (scope: string) =>
      bot.commandLists.find((l: Json) => l.scopes.includes(scope)).commands.map((c: Json) => c.title);
    expect(titles('personal')).toEqual(['avvikelse', 'synpunkt', 'vem ansvarar', 'mina ärenden', 'mina uppgifter', 'hjälp']);
    // A person's own cases and tasks are never listed in a channel.
    expect(titles('team')).not.toContain('mina ärenden');
    expect(titles('team')).not.toContain('mina uppgifter');
    for (const list of bot.commandLists) for (const command of list.commands) expect(command.description.length).toBeGreaterThan(10);
  });

  it('has the message action the code handles, and only that', () => {
    const commands = manifestOf(good).composeExtensions[0].commands as Json[];
    expect(commands.map((c) => c.id).sort()).toEqual(Object.values(TeamsCommandIds).sort());
    expect(commands[0]).toMatchObject({
      id: TeamsCommandIds.avvikelseFromMessage,
      type: 'action',
      context: ['message'],
      fetchTask: true,
      title: 'Rapportera som avvikelse',
    });
  });

  it('has an English localization whose keys point at existing manifest entries', () => {
    const manifest = manifestOf(good);
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'sv-se',
      additionalLanguages: [{ languageTag: 'en-us', file: 'en-us.json' }],
    });
    const english = JSON.parse(strFromU8(good['en-us.json']!)) as Record<string, string>;
    for (const key of Object.keys(english)) {
      if (key === '$schema' || !key.includes('[')) continue;
      // bots[0].commandLists[1].commands[2].description → walk the manifest along the same path.
      const path = key.split(/[.[\]]+/).filter(Boolean);
      const target = path.reduce<any>((node, part) => node?.[/^\d+$/.test(part) ? Number(part) : part], manifest);
      expect(typeof target, key).toBe('string');
    }
    // Every Swedish description has its English counterpart.
    const bot = manifest.bots[0];
    bot.commandLists.forEach((list: Json, i: number) =>
      list.commands.forEach((_: Json, j: number) =>
        expect(english[`bots[0].commandLists[${i}].commands[${j}].description`], `${i}/${j}`).toBeTruthy(),
      ),
    );
  });

  describe('a broken package fails validation', () => {
    const cases: [string, (files: PackageFiles) => PackageFiles, RegExp][] = [
      ['missing bot id', (f) => withManifest(f, (m) => delete m.bots[0].botId), /\/bots\/0 must have required property 'botId'/],
      ['bot id not a GUID', (f) => withManifest(f, (m) => (m.bots[0].botId = 'not-a-guid')), /\/bots\/0\/botId must match pattern/],
      ['unknown manifest version', (f) => withManifest(f, (m) => (m.manifestVersion = '1.99')), /\/manifestVersion must be equal to constant/],
      ['app version not semver', (f) => withManifest(f, (m) => (m.version = '1.0')), /MAJOR\.MINOR\.PATCH/],
      ['unfilled placeholder', (f) => withManifest(f, (m) => (m.id = '${{TEAMS_APP_ID}}')), /TEAMS_APP_ID/],
      ['http privacy page', (f) => withManifest(f, (m) => (m.developer.privacyUrl = 'http://kommun.example/')), /privacyUrl.*https:\/\//],
      ['unknown property', (f) => withManifest(f, (m) => (m.bots[0].color = 'blue')), /additional properties/],
      [
        'message action of another bot',
        (f) => withManifest(f, (m) => (m.composeExtensions[0].botId = TEAMS_APP_ID)),
        /message extension botId must equal/,
      ],
      ['domain with scheme', (f) => withManifest(f, (m) => (m.validDomains = ['https://x.example/'])), /validDomains/],
      ['colour icon 32×32', (f) => ({ ...f, 'color.png': f['outline.png']! }), /color\.png.*192×192/],
      ['outline icon 192×192', (f) => ({ ...f, 'outline.png': f['color.png']! }), /outline\.png.*32×32/],
      ['outline icon coloured', (f) => ({ ...f, 'outline.png': solidPng(32, [31, 111, 139, 255]) }), /white/],
      ['outline icon without transparency', (f) => ({ ...f, 'outline.png': solidPng(32, [255, 255, 255, 255]) }), /transparent/],
      ['icon missing', (f) => Object.fromEntries(Object.entries(f).filter(([n]) => n !== 'color.png')), /color\.png/],
      ['icon not a PNG', (f) => ({ ...f, 'color.png': strToU8('GIF89a') }), /PNG/],
      [
        'English short description too long',
        (f) => {
          const english = JSON.parse(strFromU8(f['en-us.json']!)) as Json;
          english['description.short'] = 'x'.repeat(81);
          return { ...f, 'en-us.json': strToU8(JSON.stringify(english)) };
        },
        /en-us\.json.*description\.short/,
      ],
      ['localization file missing', (f) => Object.fromEntries(Object.entries(f).filter(([n]) => n !== 'en-us.json')), /en-us\.json/],
    ];

    it.each(cases)('%s', async (_name, breakIt, expected) => {
      const problems = await validateTeamsPackage(breakIt(good));
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.join('\n')).toMatch(expected);
    });
  });

  it('fills placeholders with JSON escaping and leaves unknown ones for validation to catch', () => {
    expect(fillTemplate('{"a":"${{X}}","b":"${{Y}}"}', { X: 'Kommun "Norr"' })).toBe('{"a":"Kommun \\"Norr\\"","b":"${{Y}}"}');
    const template = readFileSync(join(TEAMS_DIR, 'manifest.template.json'), 'utf8');
    const names = new Set([...template.matchAll(/\$\{\{([A-Z_]+)\}\}/g)].map((m) => m[1]));
    expect([...names].sort()).toEqual(Object.keys(values()).sort());
  });
});

describe('package settings from the environment', () => {
  it('names a missing MICROSOFT_APP_ID in Swedish and English', () => {
    const { MICROSOFT_APP_ID: _omitted, ...rest } = ENV;
    expect(() => readTeamsPackageSettings(rest)).toThrow(ConfigError);
    expect(() => readTeamsPackageSettings(rest)).toThrow(/MICROSOFT_APP_ID: saknas.*\/ missing/);
  });

  it('requires an https PUBLIC_BASE_URL and takes BOT_DOMAIN from its host', () => {
    expect(() => readTeamsPackageSettings({ ...ENV, PUBLIC_BASE_URL: 'http://bot.kommun.example' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => readTeamsPackageSettings({ ...ENV, PUBLIC_BASE_URL: '' })).toThrow(/PUBLIC_BASE_URL: saknas/);
    expect(readTeamsPackageSettings({ ...ENV, PUBLIC_BASE_URL: 'https://Bot.Kommun.example:8443/x' }).values.BOT_DOMAIN).toBe(
      'bot.kommun.example',
    );
  });

  it('defaults TEAMS_APP_ID to the bot id and says so', () => {
    const { TEAMS_APP_ID: _omitted, ...rest } = ENV;
    const settings = readTeamsPackageSettings(rest);
    expect(settings.values.TEAMS_APP_ID).toBe(BOT_ID);
    expect(settings.notes.join('\n')).toMatch(/TEAMS_APP_ID/);
  });

  it('rejects a malformed id or version', () => {
    expect(() => readTeamsPackageSettings({ ...ENV, MICROSOFT_APP_ID: 'abc' })).toThrow(/MICROSOFT_APP_ID: måste vara ett GUID/);
    expect(() => readTeamsPackageSettings({ ...ENV, TEAMS_APP_VERSION: 'v1' })).toThrow(/TEAMS_APP_VERSION/);
  });
});

describe('the written zip', () => {
  let zip: Uint8Array;
  let files: PackageFiles;

  beforeAll(async () => {
    const outFile = join(mkdtempSync(join(tmpdir(), 'teams-package-')), 'kvalitetsbot-teams.zip');
    const result = await buildTeamsPackage(ENV, outFile);
    zip = new Uint8Array(readFileSync(result.outFile));
    files = unzipSync(zip);
  });

  it('holds exactly the four files at its root', () => {
    expect(Object.keys(files).sort()).toEqual(['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
    expect(manifestOf(files).bots[0].botId).toBe(BOT_ID);
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const color = readPng(files['color.png']!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = readPng(files['outline.png']!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const alphas: number[] = [];
    for (let i = 0; i < outline.data.length; i += 4) {
      const alpha = outline.data[i + 3]!;
      alphas.push(alpha);
      if (alpha > 0) expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
    }
    const corners = [0, 31, 32 * 31, 32 * 32 - 1].map((p) => alphas[p]);
    expect(corners).toEqual([0, 0, 0, 0]);
    expect(alphas.filter((a) => a === 255).length).toBeGreaterThan(50);
    expect(alphas.filter((a) => a === 0).length).toBeGreaterThan(300);
  });

  it('validates when read back from the zip, and is byte-for-byte reproducible', async () => {
    expect(await validateTeamsPackage(files)).toEqual([]);
    expect(zipTeamsPackage(assembleTeamsPackage(values()))).toEqual(zip);
  });

  it('ships the icons the generator draws', () => {
    const committed = (name: string) => readPng(new Uint8Array(readFileSync(join(TEAMS_DIR, name)))).data;
    expect(committed('color.png')).toEqual(readPng(renderColorIcon()).data);
    expect(committed('outline.png')).toEqual(readPng(renderOutlineIcon()).data);
  });
});

describe('scripts/package-teams.ts', () => {
  it('exits non-zero and names the missing variable', () => {
    const env = { ...process.env };
    delete env.MICROSOFT_APP_ID;
    delete env.PUBLIC_BASE_URL;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package-teams.ts', '--out', join(tmpdir(), 'never.zip')], {
      cwd: join(TEAMS_DIR, '..', '..'),
      env,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/MICROSOFT_APP_ID: saknas/);
    expect(run.stderr).toMatch(/PUBLIC_BASE_URL: saknas/);
  });
});
