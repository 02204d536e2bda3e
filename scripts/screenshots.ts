/**
 * Screenshots of the real cards for the documentation: `npx tsx scripts/screenshots.ts [--only <name>] [--out <dir>]`.
 *
 * Builds every card with the product's own builders (scripts/screenshots/catalogue.ts), renders it with the official
 * `adaptivecards` renderer and a Teams-like host config in headless Chromium, and writes docs/images/<name>.png.
 * Needs a Chromium on the machine (Debian/Ubuntu: `apt-get install chromium`; or set CHROMIUM_PATH); no browser is
 * ever downloaded, and the page can reach nothing but the local files below (every other request is aborted).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildCatalogue } from './screenshots/catalogue.js';
import { teamsLightHostConfig } from './screenshots/host-config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ORIGIN = 'http://cards.localhost';

/** What page.html defines (the script is type-checked without the DOM library). */
interface PageGlobals {
  renderShot(shot: unknown, hostConfig: unknown): string[];
  clipBetween(from: string, to: string): { x: number; y: number; width: number; height: number };
  document: { fonts: { ready: Promise<unknown> } };
}

/** The only things the page may load. */
const FILES: Record<string, { file: string; type: string }> = {
  '/page.html': { file: path.join(root, 'scripts/screenshots/page.html'), type: 'text/html; charset=utf-8' },
  '/adaptivecards.min.js': { file: path.join(root, 'node_modules/adaptivecards/dist/adaptivecards.min.js'), type: 'text/javascript; charset=utf-8' },
};

function parseArgs(argv: string[]): { only?: string; out: string } {
  const args: { only?: string; out: string } = { out: path.join(root, 'docs/images') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') args.only = argv[++i];
    else if (argv[i] === '--out') args.out = path.resolve(argv[++i] ?? '.');
    else throw new Error(`unknown argument ${argv[i]}; use --only <name> or --out <dir>`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.error(`No Chromium at ${executablePath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH. No browser is downloaded.`);
    process.exit(2);
  }

  // Debian's chromium has only en-US built in; without the Swedish locale the date inputs show mm/dd/yyyy.
  const locales = path.join(path.dirname(realpathSync(executablePath)), 'locales');
  const debianLocales = '/usr/lib/chromium/locales';
  if ([locales, debianLocales].some((d) => existsSync(d)) && ![locales, debianLocales].some((d) => existsSync(path.join(d, 'sv.pak')))) {
    console.warn('note: Chromium has no Swedish locale (sv.pak); dates will look American. Debian/Ubuntu: apt-get install chromium-l10n');
  }

  const catalogue = await buildCatalogue();
  for (const s of catalogue.skipped) console.log(`skipped ${s.name}: ${s.reason}`);
  const shots = args.only ? catalogue.shots.filter((s) => s.name === args.only) : catalogue.shots;
  if (shots.length === 0) throw new Error(args.only ? `no card named ${args.only}` : 'no cards to render');

  await mkdir(args.out, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    // The date and time inputs follow the browser's UI language, not the page locale.
    env: { ...process.env, LANG: 'sv_SE.UTF-8', LANGUAGE: 'sv_SE:sv' },
    args: ['--headless', '--lang=sv-SE', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  let problems = 0;
  try {
    const context = await browser.newContext({
      locale: 'sv-SE',
      timezoneId: 'Europe/Stockholm',
      viewport: { width: 900, height: 1200 },
      deviceScaleFactor: 2,
      offline: false,
    });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      const entry = url.origin === ORIGIN ? FILES[url.pathname] : undefined;
      if (!entry) {
        console.error(`blocked request to ${url.origin}${url.pathname}`);
        await route.abort('blockedbyclient');
        return;
      }
      await route.fulfill({ status: 200, contentType: entry.type, body: await readFile(entry.file) });
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      problems++;
      console.error(`page error: ${error.message}`);
    });
    await page.goto(`${ORIGIN}/page.html`);
    await page.waitForFunction(() => typeof (globalThis as unknown as PageGlobals).renderShot === 'function');

    for (const shot of shots) {
      const messages = await page.evaluate(
        ([s, hc]) => (globalThis as unknown as PageGlobals).renderShot(s, hc),
        [shot, teamsLightHostConfig] as const,
      );
      if (messages.length > 0) {
        problems++;
        console.error(`${shot.name}: the renderer reported ${messages.join('; ')}`);
      }
      await page.evaluate(() => (globalThis as unknown as PageGlobals).document.fonts.ready.then(() => undefined));
      const file = path.join(args.out, `${shot.name}.png`);
      let png: Buffer;
      let size: { width: number; height: number } | null;
      if (shot.crop) {
        const clip = await page.evaluate(
          ([from, to]) => (globalThis as unknown as PageGlobals).clipBetween(from, to),
          [shot.crop.from, shot.crop.to] as const,
        );
        png = await page.screenshot({ clip, fullPage: true, animations: 'disabled', caret: 'hide' });
        size = clip;
      } else {
        png = await page.locator('#stage').screenshot({ animations: 'disabled', caret: 'hide' });
        size = await page.locator('#stage').boundingBox();
      }
      await writeFile(file, png);
      console.log(`${path.relative(root, file)}  ${Math.round(size?.width ?? 0)}×${Math.round(size?.height ?? 0)} css px  ${Math.round(png.length / 1024)} kB`);
    }
  } finally {
    await browser.close();
  }
  if (problems > 0) {
    console.error(`${problems} problem(s); the pictures may not show what Teams shows.`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
