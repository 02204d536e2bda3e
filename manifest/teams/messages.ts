/**
 * Texts the Teams packaging tool shows an IT administrator: Swedish first, English second, on one line each so a
 * search for either finds it.
 */
const both = (sv: string, en: string) => `${sv} / ${en}`;

export const PackageMessages = {
  missingAppId: both(
    'saknas: ange Azure Bot-registreringens app-id (klient-id, ett GUID)',
    'missing: set the Azure Bot app id (client id, a GUID)',
  ),
  notGuid: (what: string) => both(`måste vara ett GUID (${what})`, `must be a GUID (${what})`),
  missingBaseUrl: both(
    'saknas: ange botens publika adress, t.ex. https://kvalitetsbot.kommun.se',
    'missing: set the public address of the bot, e.g. https://kvalitetsbot.kommun.se',
  ),
  notHttpsUrl: both('måste vara en https-adress', 'must be an https URL'),
  badVersion: both(
    'måste vara en version på formen MAJOR.MINOR.PATCH, t.ex. 1.0.3',
    'must be a version of the form MAJOR.MINOR.PATCH, e.g. 1.0.3',
  ),
  developerNameTooLong: both('får vara högst 32 tecken', 'must be at most 32 characters'),
  defaultUsed: (variable: string, value: string) =>
    both(`${variable} är inte satt, använder ${value}`, `${variable} is not set, using ${value}`),
  privacyHint: both(
    'Ange TEAMS_PRIVACY_URL och TEAMS_TERMS_URL till kommunens sidor om personuppgifter och villkor innan appen publiceras.',
    'Set TEAMS_PRIVACY_URL and TEAMS_TERMS_URL to your organisation’s privacy and terms pages before publishing the app.',
  ),
  written: (path: string) => both(`Teams-paketet skrevs till ${path}`, `Teams package written to ${path}`),
  invalid: both('Teams-paketet är ogiltigt', 'the Teams package is invalid'),
  // Validation problems beyond the JSON schema: rules the Teams admin centre enforces on upload.
  fileMissing: (file: string) => both(`filen ${file} saknas i paketet`, `file ${file} is missing from the package`),
  notJson: (file: string, reason: string) => both(`${file} är inte giltig JSON (${reason})`, `${file} is not valid JSON (${reason})`),
  schemaProblem: (file: string, problem: string) => `${file}: ${problem}`,
  unknownSchema: (file: string, url: string) =>
    both(
      `${file}: schemat ${url} finns inte i @microsoft/app-manifest (ingen nätverkshämtning görs)`,
      `${file}: schema ${url} is not shipped in @microsoft/app-manifest (nothing is fetched from the network)`,
    ),
  placeholderLeft: (file: string, names: string[]) =>
    both(`${file}: ej ifyllda platshållare ${names.join(', ')}`, `${file}: unfilled placeholders ${names.join(', ')}`),
  versionNotSemver: (version: string) =>
    both(
      `manifest.json: version "${version}" måste vara MAJOR.MINOR.PATCH`,
      `manifest.json: version "${version}" must be MAJOR.MINOR.PATCH`,
    ),
  botIdMismatch: both(
    'manifest.json: meddelandetilläggets botId måste vara samma som botens botId',
    'manifest.json: the message extension botId must equal the bot botId',
  ),
  developerUrlNotHttps: (key: string, url: string) =>
    both(`manifest.json: developer.${key} "${url}" måste börja med https://`, `manifest.json: developer.${key} "${url}" must start with https://`),
  domainWithScheme: (domain: string) =>
    both(
      `manifest.json: validDomains "${domain}" ska vara ett värdnamn utan https:// och sökväg`,
      `manifest.json: validDomains "${domain}" must be a host name without https:// or a path`,
    ),
  iconNotPng: (file: string, reason: string) => both(`${file} är ingen läsbar PNG (${reason})`, `${file} is not a readable PNG (${reason})`),
  iconSize: (file: string, expected: number, width: number, height: number) =>
    both(
      `${file} måste vara ${expected}×${expected} pixlar, är ${width}×${height}`,
      `${file} must be ${expected}×${expected} pixels, is ${width}×${height}`,
    ),
  outlineNotWhite: (count: number) =>
    both(
      `outline-ikonen får bara ha vita eller genomskinliga pixlar (${count} avvikande)`,
      `the outline icon may only have white or transparent pixels (${count} others)`,
    ),
  outlineNotTransparent: both(
    'outline-ikonen måste ha genomskinlig bakgrund',
    'the outline icon must have a transparent background',
  ),
} as const;
