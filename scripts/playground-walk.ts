/**
 * The README's Playground walk, in the real Microsoft 365 Agents Playground, driven in headless Chromium:
 * the enhetschef Olle Omsorg opens the bot; Mia Medarbetare (Solgården) writes "hjälp", clicks "Rapportera avvikelse",
 * fills in the form in the conversation and sends it; Olle gets the case, marks it "Mottagen" and then "Åtgärdad" with
 * the measure taken, and asks for the sammanställning. Screenshots go to docs/images/playground/.
 *
 *   npm run build && PORT=3988 MONGODB_DB=kb_playground node dist/app.js     # the bot, without MICROSOFT_APP_ID
 *   npx tsx scripts/playground-walk.ts [--bot http://127.0.0.1:3988] [--out docs/images/playground]
 *
 * Each person gets an own Playground (own port, own config file `.m365agentsplayground.yml` in a temporary folder),
 * because the Playground acts as one configured user. Needs Debian's chromium (or CHROMIUM_PATH) and npx; the
 * Playground package is fetched by npx, pinned below. Every process it starts is stopped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { chromium, type Browser, type Page } from 'playwright-core';

const PLAYGROUND = '@microsoft/m365agentsplayground@0.2.28';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Person {
  id: string;
  name: string;
  email: string;
  aadObjectId: string;
}

/** People of the example organisation (starter-data/personer.csv). */
const mia: Person = { id: 'user-mia', name: 'Mia Medarbetare', email: 'mia.medarbetare@exempel.se', aadObjectId: '00000000-0000-4000-8000-00000000a021' };
const olle: Person = { id: 'user-olle', name: 'Olle Omsorg', email: 'olle.omsorg@exempel.se', aadObjectId: '00000000-0000-4000-8000-00000000a010' };
const others: Person[] = [
  { id: 'user-vera', name: 'Vera Verksam', email: 'vera.verksam@exempel.se', aadObjectId: '00000000-0000-4000-8000-00000000a011' },
  { id: 'user-maria', name: 'Maria Modell', email: 'maria.modell@exempel.se', aadObjectId: '00000000-0000-4000-8000-00000000a002' },
  { id: 'user-eva', name: 'Eva Exempelsson', email: 'eva.exempelsson@exempel.se', aadObjectId: '00000000-0000-4000-8000-00000000a001' },
  { id: 'user-kim', name: 'Kim Kvalitet', email: 'kim.kvalitet@exempel.se', aadObjectId: '00000000-0000-4000-8000-00000000a005' },
];

function userYaml(p: Person, indent: string): string {
  const [given, ...rest] = p.name.split(' ');
  return [
    `id: ${p.id}`,
    `name: ${p.name}`,
    `userPrincipleName: ${p.email}`,
    `aadObjectId: ${p.aadObjectId}`,
    `givenName: ${given}`,
    `surname: ${rest.join(' ')}`,
    `email: ${p.email}`,
  ]
    .map((line, i) => (i === 0 ? line : `${indent}${line}`))
    .join('\n');
}

/** The Playground's config file: who "I" am, and at least five other users (the Playground requires five). */
export function playgroundConfig(me: Person, everyone: Person[]): string {
  const users = everyone.filter((p) => p.id !== me.id);
  return [
    'version: "0.1.1"',
    'tenantId: 00000000-0000-0000-0000-0000000000001',
    'bot:',
    '  id: 00000000-0000-0000-0000-00000000000011',
    '  name: Kvalitetsboten',
    'currentUser:',
    `  ${userYaml(me, '  ')}`,
    'users:',
    ...users.map((u) => `  - ${userYaml(u, '    ')}`),
    'personalChat:',
    `  id: pg-personal-${me.id}`,
    'groupChat:',
    '  id: pg-group-chat',
    '  name: Group Chat',
    'team:',
    '  id: team-id',
    '  name: My Team',
    '  aadGroupId: 00000000-0000-0000-0000-000000000031',
    '  channels:',
    '    - id: channel-announcements-id',
    '      name: Announcements',
    '',
  ].join('\n');
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.status < 500, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function startPlayground(me: Person, everyone: Person[], port: number, botUrl: string): Promise<ChildProcess> {
  const dir = await mkdtemp(path.join(tmpdir(), `kb-playground-${me.id}-`));
  await writeFile(path.join(dir, '.m365agentsplayground.yml'), playgroundConfig(me, everyone));
  const child = spawn('npx', ['-y', PLAYGROUND, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(port), '--dt'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
    env: { ...process.env, BROWSER: 'none', M365_AGENTS_PLAYGROUND_BROWSER: 'none' },
  });
  await waitForHttp(`http://localhost:${port}/`, 120_000);
  return child;
}

async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('[contenteditable="true"]').first();
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** The last bot card in the chat. */
const lastCard = (page: Page) => page.locator('.ac-adaptiveCard').last();

async function pickOption(page: Page, card: ReturnType<Page['locator']>, label: string | RegExp, option: string | RegExp): Promise<void> {
  await card.getByRole('combobox', { name: label }).first().click();
  await page.getByRole('option', { name: option }).first().click();
}

async function shot(page: Page, out: string, name: string): Promise<void> {
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(out, `${name}.png`) });
  console.log(`wrote ${path.join(out, `${name}.png`)}`);
}

async function openPlayground(browser: Browser, port: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  await page.goto(`http://localhost:${port}/`, { waitUntil: 'networkidle' });
  await page.locator('[contenteditable="true"]').first().waitFor({ timeout: 30_000 });
  return page;
}

async function main(): Promise<void> {
  const botUrl = arg('--bot', 'http://127.0.0.1:3988');
  const out = path.resolve(arg('--out', path.join(root, 'docs/images/playground')));
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  await waitForHttp(`${botUrl}/healthz`, 10_000).catch(() => {
    throw new Error(`The bot does not answer at ${botUrl}. Start it first: npm run build && PORT=3988 node dist/app.js`);
  });
  await mkdir(out, { recursive: true });
  const everyone = [mia, olle, ...others];
  const children: ChildProcess[] = [];
  let browser: Browser | undefined;
  try {
    children.push(await startPlayground(olle, everyone, 56150, botUrl));
    children.push(await startPlayground(mia, everyone, 56151, botUrl));
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });

    // The enhetschef opens the bot once, so it can write to him.
    const olles = await openPlayground(browser, 56150);
    await say(olles, 'hjälp');
    await olles.getByText('Jag är kvalitetsboten').last().waitFor({ timeout: 30_000 });

    // Mia: hjälp → Rapportera avvikelse → the form, in the conversation.
    const mias = await openPlayground(browser, 56151);
    await say(mias, 'hjälp');
    await mias.getByText('Hej Mia! Jag är kvalitetsboten.').last().waitFor({ timeout: 30_000 });
    await shot(mias, out, 'playground-1-hjalp');
    await lastCard(mias).getByRole('button', { name: 'Rapportera avvikelse' }).click();
    const form = mias.locator('.ac-adaptiveCard', { hasText: 'Vad hände?' }).last();
    await form.getByText('Vad hände?').first().waitFor({ timeout: 30_000 });

    // The Playground's date and time inputs are pickers (English labels, 12-hour clock): pick yesterday, 2:30 PM.
    const yesterday = DateTime.now().setZone('Europe/Stockholm').minus({ days: 1 }).setLocale('en');
    await form.getByRole('combobox', { name: /När hände det/ }).first().click();
    const day = mias.getByRole('button', { name: new RegExp(`^${yesterday.day}, ${yesterday.toFormat('LLLL')}, ${yesterday.year}`) }).first();
    if (!(await day.isVisible())) await mias.getByRole('button', { name: /previous month/i }).first().click();
    await day.click();
    await form.getByRole('combobox', { name: /Klockslag/ }).first().click();
    await mias.getByRole('option', { name: /^(2:30 PM|14:30)$/ }).first().click();
    await form.getByRole('textbox', { name: /Var hände det/ }).first().fill('Matsalen');
    await form.getByRole('textbox', { name: /Vad hände\?/ }).first().fill('Brukaren halkade vid bordet när golvet var blött efter disken.');
    await form.getByRole('textbox', { name: /Vad gjordes direkt/ }).first().fill('Hjälpte brukaren upp och kontrollerade att inget var skadat.');
    await pickOption(mias, form, /Konsekvens/, /^2 /);
    await pickOption(mias, form, /Sannolikhet/, /^3 /);
    await form.getByRole('radio', { name: 'Ja' }).first().check();
    await form.getByRole('textbox', { name: /Förslag på förbättring/ }).first().fill('Halkskydd under borden och torka golvet direkt efter disken.');
    await form.getByRole('button', { name: 'Skicka' }).scrollIntoViewIfNeeded();
    await shot(mias, out, 'playground-2-formular');
    await form.getByRole('button', { name: 'Skicka' }).click();
    // The same card turns into the receipt.
    const receipt = mias.getByText(/AVV-\d{4}-\d{4}/).last();
    await receipt.waitFor({ timeout: 30_000 });
    const number = /AVV-\d{4}-\d{4}/.exec((await receipt.textContent()) ?? '')![0];
    console.log(`saved ${number}`);
    await shot(mias, out, 'playground-3-kvitto');

    // Olle: the notification arrives in his chat; "Mottagen" at once, then "Åtgärdad" with the measure.
    await olles.bringToFront();
    const notice = olles.locator('.ac-adaptiveCard', { hasText: number }).last();
    await notice.waitFor({ timeout: 60_000 });
    await notice.scrollIntoViewIfNeeded();
    await shot(olles, out, 'playground-4-chef-avisering');
    await notice.getByRole('button', { name: 'Mottagen' }).click();
    const received = olles.locator('.ac-adaptiveCard', { hasText: `${number}: Mottagen` }).last();
    await received.waitFor({ timeout: 30_000 });
    await received.getByRole('button', { name: 'Åtgärdad' }).click();
    const resolveForm = olles.locator('.ac-adaptiveCard', { hasText: 'Vidtagen åtgärd' }).last();
    await resolveForm.waitFor({ timeout: 30_000 });
    await resolveForm.getByRole('textbox', { name: /Vidtagen åtgärd/ }).first().fill('Halkskydd monterat under alla bord i matsalen.');
    await shot(olles, out, 'playground-5-chef-atgardad-formular');
    await resolveForm.getByRole('button', { name: /Markera som åtgärdad/ }).click();
    await olles.locator('.ac-adaptiveCard', { hasText: `${number}: Åtgärdad` }).last().waitFor({ timeout: 30_000 });
    await shot(olles, out, 'playground-6-chef-atgardad');

    // The manager's sammanställning: one case is a small group, so no chart is drawn, and the answer says why.
    const year = DateTime.now().setZone('Europe/Stockholm').year;
    await say(olles, `sammanställning ${year}`);
    const compiled = olles.locator('.ac-adaptiveCard', { hasText: `Sammanställning ${year}` }).last();
    await compiled.waitFor({ timeout: 30_000 });
    await compiled.getByText('Ladda ner som Excel (.xlsx)').scrollIntoViewIfNeeded();
    await shot(olles, out, 'playground-7-sammanstallning');
    console.log(`walk done: ${number} reported by ${mia.name} and marked Åtgärdad by ${olle.name}`);
  } finally {
    await browser?.close();
    for (const child of children) {
      // The Playground runs under npx in its own process group: stop the group we started, nothing else.
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
