import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { PNG } from 'pngjs';
import { z } from 'zod';
import { ConfigError } from '../../config/env.js';
import { PackageMessages as M } from './messages.js';

/**
 * Builds the Teams app package (the zip an IT admin uploads in the Teams admin centre) from
 * `manifest.template.json`, the localization file and the two icons in this folder, and validates it offline against
 * Microsoft's own JSON schemas shipped in `@microsoft/app-manifest` plus the upload rules the schema cannot express
 * (icon sizes, a white-on-transparent outline, a semver version, no unfilled placeholders).
 */

export const TEAMS_DIR = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT_FILE = join(TEAMS_DIR, '..', '..', 'out', 'kvalitetsbot-teams.zip');

/** Files of the package, by name inside the zip. */
export type PackageFiles = Record<string, Uint8Array>;

/** The files copied into the zip unchanged, next to the filled-in manifest.json. */
export const STATIC_FILES = ['color.png', 'outline.png', 'en-us.json'] as const;

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** What the Teams store and admin centre accept as an app version. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const httpsUrl = (missing: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string({ error: missing })
      .trim()
      .refine((v) => URL.canParse(v) && new URL(v).protocol === 'https:', M.notHttpsUrl),
  );

const PackageEnvSchema = z.object({
  MICROSOFT_APP_ID: z.preprocess(emptyToUndefined, z.string({ error: M.missingAppId }).trim().regex(GUID, M.notGuid('Azure Bot app id'))),
  TEAMS_APP_ID: z.preprocess(emptyToUndefined, z.string().trim().regex(GUID, M.notGuid('Teams app id')).optional()),
  PUBLIC_BASE_URL: httpsUrl(M.missingBaseUrl),
  TEAMS_APP_VERSION: z.preprocess(emptyToUndefined, z.string().trim().regex(SEMVER, M.badVersion).optional()),
  TEAMS_DEVELOPER_NAME: z.preprocess(emptyToUndefined, z.string().trim().max(32, M.developerNameTooLong).optional()),
  TEAMS_WEBSITE_URL: httpsUrl('').optional(),
  TEAMS_PRIVACY_URL: httpsUrl('').optional(),
  TEAMS_TERMS_URL: httpsUrl('').optional(),
});

/** The values filled into the manifest template's `${{NAME}}` placeholders. */
export interface TeamsPackageValues {
  TEAMS_APP_ID: string;
  MICROSOFT_APP_ID: string;
  BOT_DOMAIN: string;
  APP_VERSION: string;
  DEVELOPER_NAME: string;
  WEBSITE_URL: string;
  PRIVACY_URL: string;
  TERMS_URL: string;
}

export interface TeamsPackageSettings {
  values: TeamsPackageValues;
  /** Notes for the admin: which defaults were used. */
  notes: string[];
}

function projectVersion(): string {
  const pkg = JSON.parse(readFileSync(join(TEAMS_DIR, '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '1.0.0';
}

/**
 * Reads the package settings from the environment. MICROSOFT_APP_ID and PUBLIC_BASE_URL are required; TEAMS_APP_ID
 * defaults to MICROSOFT_APP_ID, the version to package.json's, the developer URLs to PUBLIC_BASE_URL.
 * @throws ConfigError naming every missing or malformed variable, in Swedish and English.
 */
export function readTeamsPackageSettings(source: NodeJS.ProcessEnv = process.env): TeamsPackageSettings {
  const parsed = PackageEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(environment)', message: issue.message })),
    );
  }
  const env = parsed.data;
  const base = new URL(env.PUBLIC_BASE_URL);
  const notes: string[] = [];
  const withDefault = (variable: string, value: string | undefined, fallback: string) => {
    if (value) return value;
    notes.push(M.defaultUsed(variable, fallback));
    return fallback;
  };
  const baseUrl = base.origin + '/';
  const values: TeamsPackageValues = {
    MICROSOFT_APP_ID: env.MICROSOFT_APP_ID.toLowerCase(),
    TEAMS_APP_ID: withDefault('TEAMS_APP_ID', env.TEAMS_APP_ID, env.MICROSOFT_APP_ID).toLowerCase(),
    BOT_DOMAIN: base.hostname,
    APP_VERSION: withDefault('TEAMS_APP_VERSION', env.TEAMS_APP_VERSION, projectVersion()),
    DEVELOPER_NAME: withDefault('TEAMS_DEVELOPER_NAME', env.TEAMS_DEVELOPER_NAME, 'Kvalitetsbot'),
    WEBSITE_URL: withDefault('TEAMS_WEBSITE_URL', env.TEAMS_WEBSITE_URL, baseUrl),
    PRIVACY_URL: withDefault('TEAMS_PRIVACY_URL', env.TEAMS_PRIVACY_URL, baseUrl),
    TERMS_URL: withDefault('TEAMS_TERMS_URL', env.TEAMS_TERMS_URL, baseUrl),
  };
  if (!env.TEAMS_PRIVACY_URL || !env.TEAMS_TERMS_URL) notes.push(M.privacyHint);
  return { values, notes };
}

/**
 * Replaces `${{NAME}}` placeholders in the template text. Values are JSON-escaped, so any string is safe; names
 * without a value are left in place for `validateTeamsPackage` to report.
 */
export function fillTemplate(templateText: string, values: Partial<Record<string, string>>): string {
  return templateText.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : JSON.stringify(value).slice(1, -1);
  });
}

/** manifest.json, icons and localization, ready to validate and zip. */
export function assembleTeamsPackage(values: TeamsPackageValues, dir: string = TEAMS_DIR): PackageFiles {
  const template = readFileSync(join(dir, 'manifest.template.json'), 'utf8');
  const files: PackageFiles = { 'manifest.json': strToU8(fillTemplate(template, { ...values })) };
  for (const name of STATIC_FILES) files[name] = new Uint8Array(readFileSync(join(dir, name)));
  return files;
}

const SCHEMA_URL = /\/json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/;

/** Directory of the JSON schemas inside @microsoft/app-manifest (Microsoft's copies of the published schemas). */
function schemaDir(): string {
  const entry = createRequire(import.meta.url).resolve('@microsoft/app-manifest');
  return join(dirname(entry), 'json-schemas', 'teams');
}

/**
 * Loads the schema named by a manifest's `$schema` from @microsoft/app-manifest, never from the network: the
 * validation must work on an air-gapped build machine and in CI.
 */
export function loadTeamsSchema(schemaUrl: string): object | undefined {
  const match = SCHEMA_URL.exec(schemaUrl);
  if (!match) return undefined;
  let raw: string;
  try {
    raw = readFileSync(join(schemaDir(), match[1]!, match[2]!), 'utf8');
  } catch {
    return undefined;
  }
  // Microsoft's schemas contain regex escapes (\a, \v) that JSON.parse rejects; @microsoft/app-manifest applies the
  // same substitution when it loads them. The localization schema also has a pattern with a lone `]` after `\b`
  // (activities.activityTypes[...]) that ajv's unicode-mode RegExp refuses; escaping it keeps the same meaning.
  const cleaned = raw
    .replace(/\\a/g, '\\u0007')
    .replace(/\\v/g, '\\u000b')
    .replace(/\\\\b\]/g, '\\\\b\\\\]');
  return JSON.parse(cleaned) as object;
}

async function validateJsonAgainstSchema(file: string, document: unknown, problems: string[]): Promise<void> {
  const schemaUrl = (document as { $schema?: unknown } | null)?.$schema;
  const schema = typeof schemaUrl === 'string' ? loadTeamsSchema(schemaUrl) : undefined;
  if (!schema) {
    problems.push(M.unknownSchema(file, String(schemaUrl)));
    return;
  }
  // The library's types are a union of every manifest version; the document is checked at run time right here.
  const failures = await AppManifestUtils.validateAgainstSchema(
    document as Parameters<typeof AppManifestUtils.validateAgainstSchema>[0],
    schema as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1],
  );
  for (const failure of failures) problems.push(M.schemaProblem(file, failure.trim()));
}

export interface PngImage {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, row by row (pngjs normalises every PNG colour type to this). */
  data: Uint8Array;
}

export function readPng(bytes: Uint8Array): PngImage {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: png.data };
}

/** Pixels that are neither fully transparent nor white (a little tolerance for anti-aliasing tools). */
export function nonWhiteOpaquePixels(image: PngImage): number {
  let count = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const alpha = image.data[i + 3]!;
    if (alpha === 0) continue;
    if (image.data[i]! < 250 || image.data[i + 1]! < 250 || image.data[i + 2]! < 250) count++;
  }
  return count;
}

export function transparentShare(image: PngImage): number {
  let transparent = 0;
  for (let i = 3; i < image.data.length; i += 4) if (image.data[i] === 0) transparent++;
  return transparent / (image.width * image.height);
}

function parseJson(file: string, bytes: Uint8Array | undefined, problems: string[]): unknown {
  if (!bytes) {
    problems.push(M.fileMissing(file));
    return undefined;
  }
  const text = Buffer.from(bytes).toString('utf8');
  const left = [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
  if (left.length > 0) problems.push(M.placeholderLeft(file, left));
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    problems.push(M.notJson(file, (error as Error).message));
    return undefined;
  }
}

function checkIcon(file: string, bytes: Uint8Array | undefined, size: number, problems: string[]): PngImage | undefined {
  if (!bytes) {
    problems.push(M.fileMissing(file));
    return undefined;
  }
  let image: PngImage;
  try {
    image = readPng(bytes);
  } catch (error) {
    problems.push(M.iconNotPng(file, (error as Error).message));
    return undefined;
  }
  if (image.width !== size || image.height !== size) problems.push(M.iconSize(file, size, image.width, image.height));
  return image;
}

interface ManifestShape {
  version?: unknown;
  icons?: { color?: unknown; outline?: unknown };
  localizationInfo?: { additionalLanguages?: { file?: unknown }[] };
  bots?: { botId?: unknown }[];
  composeExtensions?: { botId?: unknown }[];
  validDomains?: unknown[];
  developer?: Record<string, unknown>;
}

/**
 * Validates a Teams app package offline. Returns the problems found, empty when the package is fine.
 * Checks: manifest.json and every localization file against Microsoft's schema for the version they name; no
 * unfilled placeholders; a MAJOR.MINOR.PATCH version; the message extension served by the same bot; https developer
 * pages; host-only validDomains; the colour icon 192×192 and the outline icon 32×32, white on transparent.
 */
export async function validateTeamsPackage(files: PackageFiles): Promise<string[]> {
  const problems: string[] = [];
  const manifest = parseJson('manifest.json', files['manifest.json'], problems) as ManifestShape | undefined;
  if (!manifest || typeof manifest !== 'object') return problems;
  await validateJsonAgainstSchema('manifest.json', manifest, problems);

  if (typeof manifest.version === 'string' && !SEMVER.test(manifest.version)) problems.push(M.versionNotSemver(manifest.version));

  const botId = manifest.bots?.[0]?.botId;
  for (const extension of manifest.composeExtensions ?? []) {
    if (extension.botId !== botId) problems.push(M.botIdMismatch);
  }
  // The schema's httpsUrl pattern lets http:// through; Teams does not.
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
    const url = manifest.developer?.[key];
    if (typeof url === 'string' && !url.startsWith('https://')) problems.push(M.developerUrlNotHttps(key, url));
  }
  for (const domain of manifest.validDomains ?? []) {
    if (typeof domain === 'string' && /[:/]/.test(domain)) problems.push(M.domainWithScheme(domain));
  }

  for (const language of manifest.localizationInfo?.additionalLanguages ?? []) {
    if (typeof language.file !== 'string') continue;
    const localization = parseJson(language.file, files[language.file], problems);
    if (localization !== undefined) await validateJsonAgainstSchema(language.file, localization, problems);
  }

  const colorFile = typeof manifest.icons?.color === 'string' ? manifest.icons.color : 'color.png';
  const outlineFile = typeof manifest.icons?.outline === 'string' ? manifest.icons.outline : 'outline.png';
  checkIcon(colorFile, files[colorFile], 192, problems);
  const outline = checkIcon(outlineFile, files[outlineFile], 32, problems);
  if (outline) {
    const others = nonWhiteOpaquePixels(outline);
    if (others > 0) problems.push(M.outlineNotWhite(others));
    // A white square would pass the colour rule; the corners and most of the background must be see-through.
    if (outline.data[3] !== 0 || transparentShare(outline) < 0.2) problems.push(M.outlineNotTransparent);
  }
  return problems;
}

// A fixed timestamp, given in local time because zip stores local DOS dates: the same inputs give the same bytes.
const ZIP_MTIME = new Date(2025, 0, 1, 0, 0, 0);

/** Zips the files at the root of the archive (Teams rejects a package whose manifest is in a folder). */
export function zipTeamsPackage(files: PackageFiles): Uint8Array {
  const entries: Zippable = {};
  for (const [name, bytes] of Object.entries(files)) entries[name] = [bytes, { mtime: ZIP_MTIME }];
  return zipSync(entries, { level: 9 });
}

export class TeamsPackageInvalidError extends Error {
  constructor(readonly problems: string[]) {
    super(`${M.invalid}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TeamsPackageInvalidError';
  }
}

export interface BuildResult {
  outFile: string;
  files: string[];
  notes: string[];
}

/**
 * Reads the environment, fills in the manifest, validates the package and writes the zip.
 * @throws ConfigError when a variable is missing or malformed; TeamsPackageInvalidError when validation fails.
 */
export async function buildTeamsPackage(
  source: NodeJS.ProcessEnv = process.env,
  outFile: string = DEFAULT_OUT_FILE,
): Promise<BuildResult> {
  const { values, notes } = readTeamsPackageSettings(source);
  const files = assembleTeamsPackage(values);
  const problems = await validateTeamsPackage(files);
  if (problems.length > 0) throw new TeamsPackageInvalidError(problems);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, zipTeamsPackage(files));
  return { outFile, files: Object.keys(files), notes };
}
