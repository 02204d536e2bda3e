import { describe, expect, it } from 'vitest';
import { createLiveSettings } from '../../../domain/admin/live-settings.js';
import type { SettingsStore } from '../../../domain/admin/service.js';
import { redactReason, settingRows } from '../../../domain/admin/service.js';
import { findSettingKey, mergeAdminSettings, SETTING_KEYS, type StoredSettings } from '../../../domain/admin/settings.js';
import { userText } from '../../../domain/error-text.js';
import { caseSettings } from '../../../domain/cases/settings.js';
import { reminderConfig } from '../../../domain/paminnelser/schema.js';

const parseError = (key: string, raw: string) => {
  try {
    findSettingKey(key).parse(raw);
  } catch (error) {
    return userText(error);
  }
  return undefined;
};

describe('mergeAdminSettings', () => {
  it('without overrides equals the code defaults', () => {
    const merged = mergeAdminSettings({});
    expect(merged.caseSettings).toEqual(caseSettings());
    expect(merged.reminderConfig).toEqual(reminderConfig());
  });

  it('applies each override to the right place and leaves the rest', () => {
    const m = mergeAdminSettings({
      synpunktAnswerDays: 10,
      synpunktAnswerMode: 'working',
      avvikelseAcknowledgeWorkingDays: 1,
      lexEscalateAfterHours: 6,
      reminderLeadDays: [7, 1],
      officeHours: { start: '07:00', end: '15:00' },
      fallbackRole: 'Kvalitetsutvecklare',
      statistikSmallCellThreshold: 3,
    });
    expect(m.caseSettings.synpunkt.answerDue).toEqual({ mode: 'working', days: 10 });
    expect(m.caseSettings.avvikelse).toMatchObject({ acknowledgeWorkingDays: 1, lexEscalateAfterHours: 6, lexAcknowledgeHours: 4 });
    expect(m.caseSettings.avvikelse.investigationWorkingDays).toEqual(caseSettings().avvikelse.investigationWorkingDays);
    expect(m.caseSettings.roles).toEqual({ ...caseSettings().roles, fallback: 'Kvalitetsutvecklare' });
    expect(m.caseSettings.statistik.smallCellThreshold).toBe(3);
    expect(m.reminderConfig).toEqual({ ...reminderConfig(), leadTimesDays: [7, 1], officeHours: { start: '07:00', end: '15:00' } });
  });

  it('keeps a base configuration the app passes', () => {
    const m = mergeAdminSettings({ synpunktAnswerDays: 5 }, { caseSettings: { roles: { enhetschef: 'EC' } }, reminderConfig: { sendTime: '09:00' } });
    expect(m.caseSettings.roles.enhetschef).toBe('EC');
    expect(m.caseSettings.synpunkt.answerDue.days).toBe(5);
    expect(m.reminderConfig.sendTime).toBe('09:00');
  });

  it('refuses values outside the schema', () => {
    expect(() => mergeAdminSettings({ synpunktAnswerDays: 0 })).toThrow();
    expect(() => mergeAdminSettings({ officeHours: { start: '16:00', end: '08:00' } })).toThrow();
    // @ts-expect-error an unknown key is refused by the type, and at run time too (stored documents are not typed)
    expect(() => mergeAdminSettings({ unknown: 1 })).toThrow();
  });
});

describe('setting keys', () => {
  it('are found without case and accents', () => {
    expect(findSettingKey('Påminnelsedagar').field).toBe('reminderLeadDays');
    expect(findSettingKey('paminnelsedagar').field).toBe('reminderLeadDays');
    expect(findSettingKey('MINSTA-GRUPP').field).toBe('statistikSmallCellThreshold');
    expect(() => findSettingKey('färg')).toThrow();
  });

  it('parse what admins type', () => {
    expect(findSettingKey('påminnelsedagar').parse('0, 14 3 3')).toEqual([14, 3, 0]);
    expect(findSettingKey('kontorstid').parse('8:00–16.30')).toEqual({ start: '08:00', end: '16:30' });
    expect(findSettingKey('svarstid-dagtyp').parse('Arbetsdagar')).toBe('working');
    expect(findSettingKey('reservroll').parse('  Kvalitets  utvecklare ')).toBe('Kvalitets utvecklare');
  });

  it('explain a bad value in Swedish', () => {
    expect(parseError('svarstid', '2 veckor')).toBe('Värdet "2 veckor" för svarstid godtas inte: ange ett heltal från 1 till 365.');
    expect(parseError('kontorstid', '25:00-26:00')).toContain('TT:MM-TT:MM');
    expect(parseError('påminnelsedagar', '1,2,3,4,5,6,7,8,9,10,11')).toContain('1–10 heltal');
    expect(parseError('kvittens-avvikelse', '31')).toContain('från 0 till 30');
    expect(parseError('eskalering-lex-sarah', '0')).toContain('från 1 till 168');
  });

  it('every key shows a value in the rows, marked default until stored', () => {
    const rows = settingRows({ version: 1, values: { synpunktAnswerDays: 21 } });
    expect(rows.map((r) => r.key)).toEqual(SETTING_KEYS.map((k) => k.key));
    expect(rows.find((r) => r.key === 'svarstid')).toMatchObject({ value: '21', isDefault: false });
    expect(rows.filter((r) => r.isDefault)).toHaveLength(SETTING_KEYS.length - 1);
  });
});

describe('redactReason', () => {
  it('keeps the cause and drops addresses and numbers', () => {
    expect(redactReason('not_in_channel for anna@kommun.se (19121212-1212)')).toBe('not_in_channel for [e-post] ([nummer])');
    expect(redactReason(undefined)).toBeUndefined();
    expect(redactReason('x'.repeat(500))!.length).toBe(160);
  });
});

describe('createLiveSettings', () => {
  function memoryStore(): SettingsStore & { doc: StoredSettings; fail: boolean } {
    const s = {
      doc: { version: 0, values: {} } as StoredSettings,
      fail: false,
      async load() {
        if (s.fail) throw new Error('down');
        return s.doc;
      },
      async save() {
        return undefined;
      },
    };
    return s;
  }

  it('updates the same objects in place, so services holding them see the change', async () => {
    const store = memoryStore();
    const live = createLiveSettings({ store });
    const heldBySynpunktService = live.caseSettings;
    const heldByReminders = live.reminderConfig;
    expect(heldBySynpunktService.synpunkt.answerDue.days).toBe(14);
    store.doc = { version: 3, values: { synpunktAnswerDays: 7, reminderLeadDays: [5] } };
    await live.refresh();
    expect(heldBySynpunktService.synpunkt.answerDue.days).toBe(7);
    expect(heldByReminders.leadTimesDays).toEqual([5]);
    expect(live.stored().version).toBe(3);
  });

  it('keeps the last good values when the store fails, and ignores an older read', async () => {
    const store = memoryStore();
    const errors: unknown[] = [];
    const live = createLiveSettings({ store, onError: (e) => errors.push(e) });
    store.doc = { version: 2, values: { statistikSmallCellThreshold: 9 } };
    await live.refresh();
    store.fail = true;
    await live.refresh();
    expect(errors).toHaveLength(1);
    expect(live.caseSettings.statistik.smallCellThreshold).toBe(9);
    store.fail = false;
    store.doc = { version: 1, values: {} };
    await live.refresh();
    expect(live.caseSettings.statistik.smallCellThreshold).toBe(9);
  });
});

describe('privata-utförare (lex Sarah: the utförare informs the nämnd)', () => {
  it('takes unit names, stores their ids and feeds the case settings', () => {
    const key = findSettingKey('privata-utforare');
    const ids = key.parse('Gruppbostaden Eken, Daglig verksamhet, gruppbostaden eken');
    expect(ids).toEqual(['gruppbostaden-eken', 'daglig-verksamhet']);
    expect(mergeAdminSettings({ privateProviderUnits: ids as string[] }).caseSettings.avvikelse.privateProviderUnitIds).toEqual(['gruppbostaden-eken', 'daglig-verksamhet']);
    expect(() => key.parse(' , ')).toThrow();
  });
});
