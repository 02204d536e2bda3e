import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { answerForEntry, answerQuestion, type AnswerResult, type AskOptions } from './answer.js';
import { buildSnapshot } from './build-snapshot.js';
import { buildDirectory, type OrgDirectory } from './directory.js';
import { AnsvarErrors } from './errors.js';
import { AnsvarImportError } from './import-error.js';
import { exportCsvTables, exportXlsx, type ExportedFile } from './export.js';
import { readImportFiles, type ImportFile } from './import-files.js';
import { emptySnapshot, type AnsvarSnapshot, type TableKind, type VersionInfo } from './schema.js';
import { buildSearchIndexAsync, type AnsvarSearch } from './search.js';

/** The pointer to the active version and the versions a rollback returns to (oldest first). */
export interface ActivePointer {
  version: number;
  history: number[];
}

/** Storage port for versioned ansvarsmatris data. Implemented in `storage/ansvarsmatris-repository.ts`. */
export interface AnsvarRepository {
  ensureIndexes(): Promise<void>;
  activePointer(): Promise<ActivePointer | undefined>;
  /** A new, never reused version number. */
  allocateVersion(): Promise<number>;
  /** Writes all documents of a version; not visible until `activate`. */
  saveVersion(info: VersionInfo, snapshot: AnsvarSnapshot): Promise<void>;
  loadVersion(version: number): Promise<AnsvarSnapshot>;
  /** Compare-and-set of the pointer; false when `expected` is no longer current. */
  activate(next: ActivePointer, expected: number | undefined): Promise<boolean>;
  deleteVersion(version: number): Promise<void>;
  listVersions(): Promise<VersionInfo[]>;
}

export interface ImportOutcome {
  version: number;
  counts: VersionInfo['counts'];
  warnings: string[];
  replaced: TableKind[];
}

export interface AnsvarService {
  ensureIndexes(): Promise<void>;
  /** Loads the example data when nothing was ever imported. Returns the new version, or undefined. */
  ensureStarterData(): Promise<number | undefined>;
  /** All-or-nothing import; throws AnsvarImportError listing every issue. */
  importFiles(files: Array<string | ImportFile>, options?: { note?: string }): Promise<ImportOutcome>;
  /** Back to the version before the last import or rollback target. */
  rollback(): Promise<{ from: number; to: number }>;
  exportCsv(): Promise<ExportedFile[]>;
  exportXlsx(): Promise<ExportedFile>;
  ask(question: string, options?: AskOptions): Promise<AnswerResult>;
  /** The answer for one entry (a "Menade du …?" choice); undefined if the entry is gone. */
  answerEntry(entryId: string, options?: AskOptions): Promise<AnswerResult | undefined>;
  /** The current Directory snapshot (refreshed when another instance changed the active version). */
  directory(): Promise<OrgDirectory>;
  versions(): Promise<VersionInfo[]>;
  /** The version questions are answered from: held in memory once loaded, read from the database only before. */
  activeVersion(): Promise<number | undefined>;
  /**
   * Loads the active version and builds its search index without blocking the event loop, then keeps following
   * the active version in the background (another instance's import or rollback). Called at start-up, so that no
   * user's question ever waits for an index build.
   */
  warm(): Promise<void>;
  /** Stops the background refresh. */
  stop(): void;
}

export interface AnsvarCoreDeps {
  repo: AnsvarRepository;
  clock: Clock;
  /** Turns a path into a file; the storage layer passes `fs.readFile`. */
  readFile?: (path: string) => Promise<ImportFile>;
  starterFiles?: () => Promise<ImportFile[]>;
  /** How often (ms) to re-check the active-version pointer. Default 3000. */
  refreshMs?: number;
  /** How many earlier versions to keep for rollback. Default 5. */
  keepVersions?: number;
}

interface Loaded {
  version: number;
  snapshot: AnsvarSnapshot;
  directory: OrgDirectory;
  search: AnsvarSearch;
}

export function createAnsvarCore(deps: AnsvarCoreDeps): AnsvarService {
  const { repo, clock } = deps;
  const refreshMs = deps.refreshMs ?? 3000;
  const keep = deps.keepVersions ?? 5;
  let loaded: Loaded | undefined;
  let pending: Promise<Loaded> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let checkedAt = -Infinity;

  // The index is built in slices with the event loop free in between: at 10,000 rows a build takes most of a
  // second, which must not stall the acknowledgements and turns running beside it.
  const build = async (version: number, snapshot: AnsvarSnapshot): Promise<Loaded> => ({
    version,
    snapshot,
    directory: buildDirectory(snapshot, version),
    search: await buildSearchIndexAsync(snapshot),
  });

  /** Reads the pointer and, when it moved, loads and builds the new version. One at a time. */
  function reload(): Promise<Loaded> {
    if (pending) return pending;
    pending = (async () => {
      const pointer = await repo.activePointer();
      const version = pointer?.version ?? 0;
      if (!loaded || loaded.version !== version) {
        const next = await build(version, version ? await repo.loadVersion(version) : emptySnapshot());
        // An import in this process may have swapped in a newer version while we were building.
        if (!loaded || loaded.version <= next.version || version === 0) loaded = next;
      }
      return loaded;
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  /** What a question is answered from: memory, never the database once loaded. */
  async function current(): Promise<Loaded> {
    if (loaded && timer) return loaded;
    // Without the background refresh (the CLI, scripts): check the pointer at most every refreshMs.
    const now = clock.now().getTime();
    if (loaded && now - checkedAt < refreshMs) return loaded;
    const l = await reload();
    checkedAt = clock.now().getTime();
    return l;
  }

  function startRefresh(): void {
    if (timer || refreshMs <= 0) return;
    timer = setInterval(() => {
      void reload().catch(() => undefined);
    }, refreshMs);
    timer.unref?.();
  }

  async function prune(pointer: ActivePointer): Promise<void> {
    const kept = new Set([pointer.version, ...pointer.history]);
    for (const v of await repo.listVersions()) {
      // Versions above the active one may be an import in progress elsewhere; leave them.
      if (!kept.has(v.version) && v.version < pointer.version) await repo.deleteVersion(v.version);
    }
  }

  async function importFiles(files: Array<string | ImportFile>, options: { note?: string } = {}): Promise<ImportOutcome> {
    const read: ImportFile[] = [];
    for (const f of files) {
      if (typeof f !== 'string') read.push(f);
      else if (deps.readFile) read.push(await deps.readFile(f));
      else throw new Error('importFiles got a path but no readFile was configured');
    }
    const { tables, issues } = await readImportFiles(read);
    if (!tables.length && !issues.length) throw new AppError(AnsvarErrors.importEmpty);
    const pointer = await repo.activePointer();
    const base = pointer ? await repo.loadVersion(pointer.version) : emptySnapshot();
    const built = buildSnapshot(tables, base);
    const allIssues = [...issues, ...built.issues];
    if (allIssues.length) throw new AnsvarImportError(allIssues);

    const s = built.snapshot;
    const version = await repo.allocateVersion();
    const info: VersionInfo = {
      version,
      createdAt: clock.now(),
      sources: read.map((f) => f.name),
      counts: { units: s.units.length, roles: s.roles.length, people: s.people.length, entries: s.entries.length, vocabulary: s.vocabulary.length },
      warnings: built.warnings,
      ...(options.note ? { note: options.note } : {}),
    };
    try {
      await repo.saveVersion(info, s);
    } catch (error) {
      await repo.deleteVersion(version).catch(() => undefined);
      throw error;
    }
    const next: ActivePointer = { version, history: pointer ? [...pointer.history, pointer.version].slice(-keep) : [] };
    if (!(await repo.activate(next, pointer?.version))) {
      await repo.deleteVersion(version).catch(() => undefined);
      throw new AppError(AnsvarErrors.importConflict);
    }
    loaded = await build(version, s);
    await prune(next).catch(() => undefined);
    return { version, counts: info.counts, warnings: built.warnings, replaced: built.replaced };
  }

  return {
    ensureIndexes: () => repo.ensureIndexes(),
    async ensureStarterData() {
      if (await repo.activePointer()) return undefined;
      if (!deps.starterFiles) return undefined;
      try {
        const outcome = await importFiles(await deps.starterFiles(), { note: 'Exempeldata' });
        return outcome.version;
      } catch (error) {
        // Another instance loaded it first.
        if (error instanceof AppError && error.code === AnsvarErrors.importConflict) return undefined;
        throw error;
      }
    },
    importFiles,
    async rollback() {
      const pointer = await repo.activePointer();
      const to = pointer?.history.at(-1);
      if (!pointer || to === undefined) throw new AppError(AnsvarErrors.noPreviousVersion);
      const next: ActivePointer = { version: to, history: pointer.history.slice(0, -1) };
      if (!(await repo.activate(next, pointer.version))) throw new AppError(AnsvarErrors.importConflict);
      loaded = await build(to, await repo.loadVersion(to));
      return { from: pointer.version, to };
    },
    async exportCsv() {
      return exportCsvTables((await reload()).snapshot);
    },
    async exportXlsx() {
      return exportXlsx((await reload()).snapshot);
    },
    async ask(question, options) {
      const l = await current();
      return answerQuestion(l.directory, l.search, question, options);
    },
    async answerEntry(entryId, options) {
      return answerForEntry((await current()).directory, entryId, options);
    },
    async directory() {
      return (await current()).directory;
    },
    versions: () => repo.listVersions(),
    async activeVersion() {
      if (loaded) return loaded.version || undefined;
      return (await repo.activePointer())?.version;
    },
    async warm() {
      await reload();
      startRefresh();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
