import type { CaseSettings } from '../cases/settings.js';
import type { ReminderConfig } from '../paminnelser/schema.js';
import type { SettingsStore } from './service.js';
import { EMPTY_SETTINGS, mergeAdminSettings, type SettingsBase, type StoredSettings } from './settings.js';

/**
 * The configuration the services run with, kept up to date with the stored settings.
 *
 * `caseSettings` and `reminderConfig` are stable objects: a refresh replaces their fields in place, so a service
 * that was given the object at construction and reads it per call (AvvikelseService, SynpunktService,
 * ReminderService, ReminderTick all read `deps.settings` / `deps.config` per call) sees the new values without
 * a restart. Each instance re-reads MongoDB every `intervalMs` (default 30 s); the instance where the change was
 * made refreshes at once.
 */
export interface LiveSettings {
  readonly caseSettings: CaseSettings;
  readonly reminderConfig: ReminderConfig;
  /** The stored document last read (version 0 = nothing stored). */
  stored(): StoredSettings;
  /** Re-read MongoDB and apply. On a read or validation error the previous values stay and `onError` is told. */
  refresh(): Promise<void>;
  start(intervalMs?: number): void;
  stop(): void;
}

export function createLiveSettings(options: { store: SettingsStore; base?: SettingsBase; onError?: (error: unknown) => void }): LiveSettings {
  const initial = mergeAdminSettings({}, options.base);
  const caseSettings = initial.caseSettings;
  const reminderConfig = initial.reminderConfig;
  let stored = EMPTY_SETTINGS;
  let timer: NodeJS.Timeout | undefined;

  const apply = (next: StoredSettings) => {
    const merged = mergeAdminSettings(next.values, options.base);
    Object.assign(caseSettings, merged.caseSettings);
    Object.assign(reminderConfig, merged.reminderConfig);
    stored = next;
  };

  // No de-duplication: a refresh after a save must read after the save. Versions only grow, so an older read that
  // finishes late is ignored.
  const refresh = async () => {
    try {
      const next = await options.store.load();
      if (next.version >= stored.version) apply(next);
    } catch (error) {
      options.onError?.(error);
    }
  };

  return {
    caseSettings,
    reminderConfig,
    stored: () => stored,
    refresh,
    start(intervalMs = 30_000) {
      if (timer) return;
      timer = setInterval(() => void refresh(), intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
