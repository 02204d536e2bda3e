import type { Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdminFeature, parseAdminCommand, type AdminFeature } from '../../../domain/admin/handlers.js';
import type { ChatUser } from '../../../domain/chat.js';
import type { MessageView } from '../../../domain/view.js';
import { renderMessageAdaptive, renderMessageBlocks } from '../../../cards/render-message.js';
import { createLiveSettings, type LiveSettings } from '../../../domain/admin/live-settings.js';
import { AdminService, deadLetterRef } from '../../../domain/admin/service.js';
import { ManualClock } from '../../support/manual-clock.js';
import { createReminderSystem } from '../../../scheduler/index.js';
import { createAnsvarService, type AnsvarService } from '../../../storage/ansvarsmatris.js';
import { AuditRepository } from '../../../storage/audit.js';
import { ChatIdentityRepository } from '../../../storage/chat-identities.js';
import { MongoOutbox } from '../../../storage/outbox.js';
import { MongoSettingsRepository } from '../../../storage/settings-repository.js';
import { People } from '../../../storage/people.js';
import { openTestDb } from '../../support/mongo.js';
import { claimOldest, outboxItem } from '../../scheduler/support/outbox.js';

let db: Db;
let close: () => Promise<void>;
let ansvar: AnsvarService;
let audit: AuditRepository;
let outbox: MongoOutbox;
let live: LiveSettings;
let feature: AdminFeature;
let admin: AdminService;
let people: People;
const clock = new ManualClock(new Date('2027-01-15T09:00:00Z'));

/** Kim holds Kvalitetsutvecklare, alias Kvalitetsansvarig (an admin role); Mia is a medarbetare. */
const kim: ChatUser = { channel: 'slack', channelUserId: 'UKIM', email: 'kim.kvalitet@exempel.se', displayName: 'Kim' };
const mia: ChatUser = { channel: 'slack', channelUserId: 'UMIA', email: 'mia.medarbetare@exempel.se', displayName: 'Mia' };
/** Not in the organisation data, but in ADMIN_EMAILS. */
const it_: ChatUser = { channel: 'teams', channelUserId: '29:it', email: 'It.Drift@Exempel.se' };

const enc = (s: string) => new TextEncoder().encode(s);
const allText = (v: MessageView) => JSON.stringify(v);

async function say(text: string, user: ChatUser = kim): Promise<MessageView> {
  const view = await feature.handle(text, user);
  expect(view, text).toBeDefined();
  // Every admin card renders in both channels.
  renderMessageAdaptive(view!);
  renderMessageBlocks(view!);
  return view!;
}

async function deadLetter(id: string, reason: string): Promise<void> {
  await outbox.enqueue({
    dedupeKey: id,
    recipient: { channel: 'slack', userId: 'UOLLE' },
    message: { view: { title: 'Hemligt innehåll SYN-2027-0001' }, fallbackText: 'Hemligt innehåll', meta: { kind: 'case.assigned' } },
  });
  const claimed = await claimOldest(outbox, 'test', 60_000);
  expect(claimed?._id).toBe(id);
  expect(await outbox.markDead(id, 'test', reason)).toBe(true);
}

beforeAll(async () => {
  const t = await openTestDb('admin_chat');
  db = t.db;
  close = t.close;
  ansvar = createAnsvarService({ db, clock, refreshMs: 0 });
  await ansvar.ensureIndexes();
  expect(await ansvar.ensureStarterData()).toBe(1);
  people = new People(ansvar, new ChatIdentityRepository(db), ['it.drift@exempel.se']);
  audit = new AuditRepository(db);
  outbox = new MongoOutbox(db, clock);
  const settings = new MongoSettingsRepository(db, clock);
  live = createLiveSettings({ store: settings });
  const reminders = createReminderSystem({ db, clock, directory: people.reminderDirectory() });
  await reminders.service.upsertCaseDeadline({
    caseId: 'c1',
    kind: 'svar',
    title: 'Svaret ska ha skickats: SYN-2027-0001',
    dueAt: '2027-02-26',
    recipients: [{ kind: 'role', role: 'Enhetschef', unit: 'solgarden' }],
  });
  admin = new AdminService({
    isAdmin: (a) => people.isAdmin(a.id, a.email),
    audit,
    settings,
    ansvar,
    outbox,
    reminders: () => reminders.service,
    clock,
    onSettingsChanged: () => live.refresh(),
  });
  feature = createAdminFeature({ admin, people });
});
afterAll(async () => close());
beforeEach(() => clock.advance(60_000));

describe('recognising admin commands', () => {
  it('answers only texts that start with the word admin', async () => {
    expect(await feature.handle('vem ansvarar för avvikelser?', kim)).toBeUndefined();
    expect(await feature.handle('administratör för matrisen?', kim)).toBeUndefined();
    expect(await feature.handle('<at>Kvalitetsbot</at> admin versioner', kim)).toBeDefined();
    expect(await feature.handle('Administration', kim)).toBeUndefined();
  });

  it('parses the Swedish commands, with or without å/ä/ö', () => {
    expect(parseAdminCommand('')).toEqual({ kind: 'help' });
    expect(parseAdminCommand('hjälp')).toEqual({ kind: 'help' });
    expect(parseAdminCommand('återställ ansvarsmatris')).toEqual({ kind: 'rollback' });
    expect(parseAdminCommand('aterstall ansvarsmatrisen')).toEqual({ kind: 'rollback' });
    expect(parseAdminCommand('versioner')).toEqual({ kind: 'versions' });
    expect(parseAdminCommand('påminnelser 2027-02-01 2027-03-31')).toEqual({ kind: 'dryRun', from: '2027-02-01', to: '2027-03-31' });
    expect(parseAdminCommand('påminnelser 2027-02-01')).toEqual({ kind: 'dryRun', from: '2027-02-01', to: '2027-02-01' });
    expect(parseAdminCommand('påminnelser februari')).toEqual({ kind: 'dryRun' });
    expect(parseAdminCommand('döda meddelanden')).toEqual({ kind: 'deadLetters' });
    expect(parseAdminCommand('skicka om ab12cd34ef')).toEqual({ kind: 'requeue', ref: 'ab12cd34ef' });
    expect(parseAdminCommand('inställningar')).toEqual({ kind: 'settings' });
    expect(parseAdminCommand('inställning reservroll Kvalitetsutvecklare MAS')).toEqual({ kind: 'set', key: 'reservroll', value: 'Kvalitetsutvecklare MAS' });
    expect(parseAdminCommand('gör något')).toEqual({ kind: 'unknown', text: 'gör något' });
  });
});

describe('who may administer', () => {
  it('refuses a medarbetare in Swedish for every command and audits each refused attempt', async () => {
    const before = (await audit.listAudit({ subject: 'admin:access' })).length;
    for (const text of ['admin', 'admin versioner', 'admin återställ ansvarsmatris', 'admin inställning svarstid 3', 'admin döda meddelanden']) {
      const view = await say(text, mia);
      expect(view.title).toBe('Endast för administratörer');
      expect(view.text?.[0]).toContain('bara för administratörer');
    }
    const refused = await audit.listAudit({ subject: 'admin:access' });
    expect(refused.length - before).toBe(5);
    expect(refused.at(-1)).toMatchObject({ action: 'admin.refused', details: { command: 'dead-letters' } });
    expect(refused.at(-1)!.actor).not.toBe(refused.at(-1)!.details?.command);
    // The refused change did not happen.
    expect((await say('admin inställningar')).facts?.find((f) => f.label.includes('[svarstid]'))?.value).toBe('14 (standard)');
  });

  it('accepts an admin role holder and an address in ADMIN_EMAILS (case-insensitive)', async () => {
    expect((await say('admin')).title).toBe('Administration av kvalitetsboten');
    expect((await say('admin hjälp', it_)).list?.map((i) => i.title)).toContain('admin döda meddelanden');
  });

  it('refuses a chat import by a medarbetare and keeps the matrix', async () => {
    const view = await feature.importFiles([{ name: 'matris.csv', data: enc('område;aktivitet;ansvarig\nA;B;Enhetschef\n') }], mia);
    expect(view.title).toBe('Endast för administratörer');
    expect(await ansvar.activeVersion()).toBe(1);
  });
});

describe('ansvarsmatris: import in chat, versions, rollback', () => {
  it('rejects an invalid CSV with line-level Swedish errors and changes nothing', async () => {
    const csv = 'område;aktivitet;ansvarig;frekvens\nAvvikelser;Ta emot avvikelser;Enhetschef;Löpande\nKlagomål;;Enhetschef;Löpande\n';
    const view = await feature.importFiles([{ name: 'matris.csv', data: enc(csv) }], kim);
    expect(view.title).toBe('Importen avbröts – ingenting har ändrats');
    expect(view.text?.join('\n')).toMatch(/matris\.csv, rad 3, kolumn aktivitet: Värde saknas/);
    expect(await ansvar.activeVersion()).toBe(1);
    expect((await audit.listAudit({ subject: 'admin:ansvarsmatris' })).at(-1)).toMatchObject({ action: 'admin.ansvar.import_rejected', details: { files: 1, issues: 1 } });
  });

  it('imports a valid CSV as a new version with counts', async () => {
    const csv = 'område;aktivitet;ansvarig;frekvens\nAvvikelser;Ta emot avvikelser;Enhetschef;Löpande\nKlagomål;Besvara klagomål;Enhetschef;Löpande\n';
    const view = await feature.importFiles([{ name: 'matris.csv', data: enc(csv) }], kim);
    expect(view.title).toBe('Ansvarsmatrisen är importerad som version 2');
    expect(view.facts).toContainEqual({ label: 'Aktiviteter', value: '2' });
    expect(view.facts).toContainEqual({ label: 'Personer', value: '22' });
    expect(await ansvar.activeVersion()).toBe(2);
    const entry = (await audit.listAudit({ subject: 'admin:ansvarsmatris' })).at(-1)!;
    expect(entry).toMatchObject({ action: 'admin.ansvar.import', details: { version: 2, files: 1, formats: ['csv'] } });
    expect(JSON.stringify(entry.details)).not.toContain('matris.csv');
  });

  it('refuses too many or too large files before reading them', async () => {
    const files = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.csv`, data: enc('x') }));
    expect((await feature.importFiles(files, kim)).title).toBe('Skicka högst 10 filer åt gången.');
    const small = createAdminFeature({ admin, people, maxFileBytes: 1024 * 1024 });
    const view = await small.importFiles([{ name: 'stor.csv', data: new Uint8Array(1024 * 1024 + 1) }], kim);
    expect(view.title).toBe('Filen stor.csv är större än 1 MB. Dela upp den eller använd kommandoraden.');
    expect(await ansvar.activeVersion()).toBe(2);
  });

  it('lists the versions with the active one marked', async () => {
    const view = await say('admin versioner');
    expect(view.text?.[0]).toBe('Version 2 gäller nu.');
    expect(view.list?.map((i) => i.title)).toEqual(['Version 2 (gäller)', 'Version 1']);
    expect(view.list?.[1]!.detail).toContain('66 aktiviteter');
  });

  it('rolls back and says from which version to which', async () => {
    const view = await say('admin återställ ansvarsmatris');
    expect(view.title).toBe('Ansvarsmatrisen är återställd');
    expect(view.text?.[0]).toContain('Version 2 → version 1');
    expect(view.facts?.[0]!.value).toContain('2 aktiviteter');
    expect(view.facts?.[1]!.value).toContain('66 aktiviteter');
    expect(await ansvar.activeVersion()).toBe(1);
    expect((await audit.listAudit({ subject: 'admin:ansvarsmatris' })).at(-1)).toMatchObject({ action: 'admin.ansvar.rollback', details: { from: 2, to: 1 } });
    // Nothing further back: a Swedish error, not a crash.
    expect((await say('admin återställ ansvarsmatris')).title).toBe('Det finns ingen tidigare version att återställa.');
  });
});

describe('reminder dry run', () => {
  it('lists what would be sent to whom, without sending', async () => {
    const view = await say('admin påminnelser 2027-02-01 2027-03-31');
    expect(view.title).toBe('Torrkörning av påminnelser 2027-02-01 – 2027-03-31');
    // 14 and 3 days before, on the due day, and the escalation 2 working days after.
    expect(view.text?.[0]).toBe('4 påminnelser skulle skickas. Ingenting skickas eller sparas.');
    expect(view.list?.[0]!.title).toContain('Svaret ska ha skickats: SYN-2027-0001');
    expect(view.list?.[0]!.detail).toContain('→ Olle Omsorg · 14 dagar före · senast 2027-02-26');
    expect(view.list?.[2]!.detail).toContain('på förfallodagen');
    expect(view.list?.[3]!.detail).toContain('eskalering till chef');
    expect(view.list?.[3]!.title).toMatch(/^2027-03-02 /);
    expect(await outbox.counts()).toMatchObject({ pending: 0 });
    expect((await audit.listAudit({ subject: 'admin:paminnelser' })).at(-1)).toMatchObject({ details: { from: '2027-02-01', to: '2027-03-31', lines: 4 } });
  });

  it('follows the lead-time setting at once (live configuration)', async () => {
    await say('admin inställning påminnelsedagar 7, 0');
    expect(live.reminderConfig.leadTimesDays).toEqual([7, 0]);
    await say('admin inställning påminnelsedagar standard');
    expect(live.reminderConfig.leadTimesDays).toEqual([14, 3, 0]);
  });

  it('asks for dates in Swedish when they are missing or wrong', async () => {
    expect((await say('admin påminnelser mars')).title).toContain('ÅÅÅÅ-MM-DD ÅÅÅÅ-MM-DD');
    expect((await say('admin påminnelser 2027-03-31 2027-02-01')).tone).toBe('warning');
  });
});

describe('dead letters', () => {
  it('lists dead outbox items with channel, kind and reason but no content, and requeues one', async () => {
    expect((await say('admin döda meddelanden')).text?.[0]).toContain('Inga olevererade meddelanden');
    await deadLetter('case|SYN-2027-0001|assigned|olle.omsorg@exempel.se', 'slack: channel_not_found for olle.omsorg@exempel.se');
    const view = await say('admin döda meddelanden');
    const ref = deadLetterRef('case|SYN-2027-0001|assigned|olle.omsorg@exempel.se');
    expect(view.list?.[0]!.title).toBe(`${ref} · case.assigned`);
    expect(view.list?.[0]!.detail).toContain('gav upp · Slack · 1 försök');
    expect(view.list?.[0]!.detail).toContain('channel_not_found');
    expect(allText(view)).not.toContain('Hemligt');
    expect(allText(view)).not.toContain('olle.omsorg@');
    expect(allText(view)).not.toContain('SYN-2027-0001');

    expect((await say('admin skicka om 0000000000')).title).toContain('Inget olevererat meddelande med referensen 0000000000');
    const done = await say(`admin skicka om ${ref}`);
    expect(done.title).toBe('Meddelandet köas igen');
    const item = await outboxItem(outbox, 'case|SYN-2027-0001|assigned|olle.omsorg@exempel.se');
    expect(item).toMatchObject({ status: 'pending', attempts: 0 });
    const entries = await audit.listAudit({ subject: 'admin:outbox' });
    expect(entries.map((e) => e.action)).toEqual(['admin.outbox.list', 'admin.outbox.list', 'admin.outbox.requeue_missing', 'admin.outbox.requeue']);
    expect(entries.at(-1)!.details).toEqual({ ref, status: 'dead', kind: 'case.assigned' });
  });
});

describe('settings', () => {
  it('shows every setting with its default', async () => {
    // The lead-time test above set and reset one value: version 2, every value back to its default.
    const view = await say('admin inställningar');
    expect(view.text?.[0]).toMatch(/^Version 2, ändrad 2027-01-15 /);
    const value = (key: string) => view.facts?.find((f) => f.label.endsWith(`[${key}]`))?.value;
    expect(value('svarstid')).toBe('14 (standard)');
    expect(value('svarstid-dagtyp')).toBe('kalenderdagar (standard)');
    expect(value('kvittens-avvikelse')).toBe('2 (standard)');
    expect(value('eskalering-lex-sarah')).toBe('8 (standard)');
    expect(value('kontorstid')).toBe('08:00-16:30 (standard)');
    expect(value('reservroll')).toBe('kvalitetsansvarig (standard)');
    expect(value('minsta-grupp')).toBe('5 (standard)');
  });

  it('changes a setting, versions the document, applies it live and audits old → new', async () => {
    const before = live.stored().version;
    const view = await say('admin inställning svarstid 10');
    expect(view.text?.[0]).toBe('Svarstid för synpunkter och klagomål (dagar): 14 → 10.');
    expect(live.caseSettings.synpunkt.answerDue.days).toBe(10);
    await say('admin inställning svarstid-dagtyp arbetsdagar');
    expect(live.caseSettings.synpunkt.answerDue).toEqual({ mode: 'working', days: 10 });
    await say('admin inställning kontorstid 7.30-17:00');
    expect(live.reminderConfig.officeHours).toEqual({ start: '07:30', end: '17:00' });
    await say('admin inställning eskalering-lex-sarah 6');
    expect(live.caseSettings.avvikelse.lexEscalateAfterHours).toBe(6);

    const shown = await say('admin inställningar');
    expect(live.stored().version).toBe(before + 4);
    expect(shown.text?.[0]).toMatch(/^Version \d+, ändrad 2027-01-15 \d\d:\d\d av kim\.kvalitet@exempel\.se\.$/);
    const entry = (await audit.listAudit({ subject: 'admin:settings' })).find((e) => e.details?.key === 'svarstid')!;
    expect(entry.details).toMatchObject({ key: 'svarstid', from: '14', to: '10', reset: false });
    expect(entry.actor).toBe('kim.kvalitet@exempel.se');
  });

  it('warns when the fallback role is not in the organisation', async () => {
    const ok = await say('admin inställning reservroll Kvalitetsutvecklare');
    expect(ok.tone).toBe('good');
    expect(live.caseSettings.roles.fallback).toBe('Kvalitetsutvecklare');
    const warn = await say('admin inställning reservroll Trollkarl');
    expect(warn.tone).toBe('warning');
    expect(warn.text?.join(' ')).toContain('rollen "Trollkarl" finns inte i organisationen');
  });

  it('rejects bad keys and values in Swedish and keeps the stored value', async () => {
    expect((await say('admin inställning svarstid tio')).title).toBe('Värdet "tio" för svarstid godtas inte: ange ett heltal från 1 till 365.');
    expect((await say('admin inställning svarstid 0')).title).toContain('ange ett heltal från 1 till 365');
    expect((await say('admin inställning kontorstid 17:00-08:00')).title).toContain('start är före slut');
    expect((await say('admin inställning svarstid-dagtyp veckor')).title).toContain('kalenderdagar eller arbetsdagar');
    expect((await say('admin inställning påminnelsedagar 400')).title).toContain('från 0 till 365');
    expect((await say('admin inställning minsta-grupp 51')).title).toContain('från 1 till 50');
    expect((await say('admin inställning färg blå')).title).toMatch(/^Inställningen "färg" finns inte\. Möjliga nycklar: svarstid, /);
    expect(live.caseSettings.synpunkt.answerDue.days).toBe(10);
  });
});
