import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { buttons, SlackUser } from '../support/slack-client.js';
import { TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every element of a card with a type starting with `prefix`, depth-first. */
function elements(card: unknown, prefix: string): any[] {
  const out: any[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node.type === 'string' && node.type.startsWith(prefix)) out.push(node);
    for (const v of Object.values(node)) walk(v);
  };
  walk(card);
  return out;
}

async function rowsOf(data: ArrayBuffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data);
  const rows: string[][] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')))));
  return rows;
}

/**
 * Break 7: three avvikelser in a year — every group is a small one. The sammanställning must not draw an empty chart,
 * must not let the suppressed numbers be worked out from zeros and totals, and must offer the workbook in the chat
 * to those allowed (and to nobody else), in Teams and in Slack.
 */
describe('journey: statistics that tell the truth', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  const year = DateTime.now().setZone('Europe/Stockholm').year;
  let mia: TeamsUser;
  let olle: TeamsUser;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    mia = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-00000000b001');
    olle = new TeamsUser(t.baseUrl, t.teams, 'Olle Omsorg', 'olle.omsorg@exempel.se', '00000000-0000-4000-8000-00000000b002');
    for (const u of [mia, olle]) expect((await u.say('hjälp')).status).toBe(200);
    // Mia reports three avvikelser through the form, as anyone would.
    const yesterday = DateTime.fromJSDate(clock.now()).setZone('Europe/Stockholm').minus({ days: 1 }).toISODate()!;
    for (let i = 0; i < 3; i++) {
      const saved = await mia.reportAvvikelse('Solgården', {
        type: 'avvikelse',
        occurredAt__date: yesterday,
        occurredAt__time: '10:00',
        description: 'Brukaren föll i korridoren.',
        konsekvens: '2',
        sannolikhet: '2',
        informed: 'ja',
      });
      expect(saved.body.task.value).toMatch(/AVV-\d{4}-\d{4}/);
    }
    expect(await t.app.mongo.db.collection('cases').countDocuments({ kind: 'avvikelse' })).toBe(3);
  });
  afterAll(async () => t?.stop());

  it('Teams: no empty chart, nothing to subtract, the workbook as a link for the manager only', async () => {
    t.teams.clear();
    await olle.say(`sammanställning ${year}`);
    const answer = await olle.waitForCard((c) => c.includes(`Sammanställning ${year}`));
    const card = answer.attachments[0].content;
    const text = JSON.stringify(card);

    // Nothing can be drawn without showing a small group: no chart at all, and the answer says why.
    expect(elements(card, 'Chart.')).toHaveLength(0);
    expect(text).toContain('Inget diagram');

    // Three cases in all: the total is a small group too, else "Övriga <5" next to zeros would be exactly 3.
    const facts = elements(card, 'FactSet').flatMap((f) => f.facts) as Array<{ title: string; value: string }>;
    const avvikelser = facts.find((f) => f.title.startsWith('Avvikelser'));
    expect(avvikelser?.value).toBe('<5');
    expect(text).not.toMatch(/Avvikelser, lex Sarah och lex Maria: 3\b/);

    // The workbook: a link in the chat, for Olle, that works now and carries the same protected numbers.
    const link = elements(card, 'Action.OpenUrl').find((a) => /Excel/.test(a.title));
    expect(link).toBeDefined();
    const res = await fetch(link.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const rows = await rowsOf(await res.arrayBuffer());
    const totals = rows.filter((r) => r[0] === 'Totalt');
    expect(totals.length).toBeGreaterThan(0);
    for (const r of totals) expect(r[2]).not.toBe('3');
    expect(rows.flat()).not.toContain('Brukaren föll i korridoren.');
    const audit = await t.app.mongo.db.collection('audit').find({ action: 'statistik.xlsx.downloaded' }).toArray();
    expect(audit.length).toBe(1);

    // The link is short-lived.
    clock.advance(16 * 60_000);
    const late = await fetch(link.url);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('Länken har gått ut');
    const made = await fetch(link.url.replace(/[^/]+$/, 'x'.repeat(32)));
    expect(made.status).toBe(410);

    // A medarbetare is refused, and gets no link.
    t.teams.clear();
    await mia.say(`sammanställning ${year}`);
    const refused = await mia.waitForCard((c) => /behörighet/.test(c));
    expect(elements(refused, 'Action.OpenUrl')).toHaveLength(0);
  });

  it('Slack: the same truthful answer, and the workbook sent as a file to an allowed person only', async () => {
    const kim = new SlackUser(t.baseUrl, t.slack, 'U0KIM', 'Kim Kvalitet', 'kim.kvalitet@exempel.se');
    const hugo = new SlackUser(t.baseUrl, t.slack, 'U0HUGO', 'Hugo Handläggare', 'hugo.handlaggare@exempel.se');
    await kim.dm(`sammanställning ${year}`);
    const answer = await kim.waitForMessage((b) => b.includes(`Sammanställning ${year}`));
    const blocks = JSON.stringify(answer.blocks);
    expect(blocks).toContain('Inget diagram');
    expect(blocks).toContain('&lt;5'); // "<5", escaped for Slack
    expect(blocks).not.toMatch(/Avvikelser, lex Sarah och lex Maria: 3\b/);
    const excel = buttons(answer.blocks).find((b) => b.actionId === 'statistik.sammanstallning.xlsx');
    expect(excel).toBeDefined();

    // Hugo (handläggare) is refused, whether he asks himself or presses Kim's button.
    await hugo.dm(`sammanställning ${year}`);
    const refused = await hugo.waitForMessage((b) => /behörighet/.test(b));
    expect(buttons(refused.blocks ?? []).some((b) => b.actionId === 'statistik.sammanstallning.xlsx')).toBe(false);
    t.slack.clear();
    await hugo.click(excel!.actionId, excel!.raw);
    await hugo.waitForMessage((b) => /behörighet/.test(b));
    expect(t.slack.calls('files.completeUploadExternal')).toHaveLength(0);

    // Kim presses it: the file arrives in her DM (files.uploadV2), with the protected numbers.
    await kim.click(excel!.actionId, excel!.raw);
    const done = await t.slack.waitForCall('files.completeUploadExternal', (b) => b.channel_id === kim.dmChannel, 30_000);
    const files = typeof done.body.files === 'string' ? JSON.parse(done.body.files) : done.body.files;
    expect(files[0].title).toBe(`Sammanställning ${year}`);
    const upload = t.slack.requests.find((r) => r.path === `/upload/${files[0].id}`)!;
    const rows = await rowsOf(upload.bytes.buffer.slice(upload.bytes.byteOffset, upload.bytes.byteOffset + upload.bytes.byteLength) as ArrayBuffer);
    const totals = rows.filter((r) => r[0] === 'Totalt');
    expect(totals.length).toBeGreaterThan(0);
    for (const r of totals) expect(r[2]).not.toBe('3');
    const audit = await t.app.mongo.db.collection('audit').find({ action: { $in: ['statistik.xlsx.downloaded', 'statistik.xlsx.refused'] } }).toArray();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['statistik.xlsx.refused', 'statistik.xlsx.downloaded']));
  });
});
