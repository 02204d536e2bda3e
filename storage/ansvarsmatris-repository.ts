import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import { systemClock, type Clock } from '../domain/clock.js';
import type { ActivePointer, AnsvarRepository } from '../domain/ansvarsmatris/service.js';
import {
  MatrixEntrySchema,
  PersonSchema,
  RoleSchema,
  SynonymGroupSchema,
  UnitSchema,
  VersionInfoSchema,
  type AnsvarSnapshot,
  type VersionInfo,
} from '../domain/ansvarsmatris/schema.js';

/**
 * Versioned ansvarsmatris data in MongoDB with single-document atomics only:
 * - `ansvar_data`: chunks of up to 500 units/roles/people/entries/synonym groups, tagged with their version;
 * - `ansvar_versions`: one metadata document per version;
 * - `ansvar_state`: the `active` pointer (flipped by compare-and-set) and the version `counter`.
 * A version's documents are written first and become visible only when the pointer flips to it, so a failed or
 * concurrent import never shows half its data.
 */
type DataKind = 'unit' | 'role' | 'person' | 'entry' | 'synonym';

/** Items are stored in chunks: far fewer documents to write and read than one per row (10k rows → 20 documents). */
interface DataDoc {
  version: number;
  kind: DataKind;
  seq: number;
  items: unknown[];
}

interface StateDoc {
  _id: string;
  version?: number;
  history?: number[];
  seq?: number;
  updatedAt?: Date;
}

interface VersionDoc extends Omit<VersionInfo, 'version'> {
  _id: number;
}

const PointerSchema = z.object({ version: z.number().int().positive(), history: z.array(z.number().int().positive()).default([]) });

const CHUNK = 500;

export class MongoAnsvarRepository implements AnsvarRepository {
  private readonly data: Collection<DataDoc>;
  private readonly versionsCol: Collection<VersionDoc>;
  private readonly state: Collection<StateDoc>;

  constructor(
    db: Db,
    private readonly clock: Clock = systemClock,
  ) {
    this.data = db.collection<DataDoc>('ansvar_data');
    this.versionsCol = db.collection<VersionDoc>('ansvar_versions');
    this.state = db.collection<StateDoc>('ansvar_state');
  }

  async ensureIndexes(): Promise<void> {
    await this.data.createIndex({ version: 1, kind: 1, seq: 1 }, { unique: true, name: 'version_kind_seq' });
  }

  async activePointer(): Promise<ActivePointer | undefined> {
    const doc = await this.state.findOne({ _id: 'active' });
    if (!doc || doc.version === undefined || doc.version === null) return undefined;
    return PointerSchema.parse({ version: doc.version, history: doc.history ?? [] });
  }

  async allocateVersion(): Promise<number> {
    const doc = await this.state.findOneAndUpdate({ _id: 'counter' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
    return z.number().int().positive().parse(doc?.seq);
  }

  async saveVersion(info: VersionInfo, s: AnsvarSnapshot): Promise<void> {
    const { version, ...meta } = info;
    const docs: DataDoc[] = [];
    const push = (kind: DataKind, items: unknown[]) => {
      for (let i = 0, seq = 0; i < items.length; i += CHUNK, seq++) docs.push({ version, kind, seq, items: items.slice(i, i + CHUNK) });
    };
    push('unit', s.units);
    push('role', s.roles);
    push('person', s.people);
    push('entry', s.entries);
    push('synonym', s.vocabulary);
    for (let i = 0; i < docs.length; i += 10) {
      await this.data.insertMany(docs.slice(i, i + 10), { ordered: false });
    }
    await this.versionsCol.insertOne({ _id: version, ...meta });
  }

  async loadVersion(version: number): Promise<AnsvarSnapshot> {
    const out: AnsvarSnapshot = { units: [], roles: [], people: [], entries: [], vocabulary: [] };
    const cursor = this.data.find({ version }, { projection: { _id: 0, kind: 1, seq: 1, items: 1 } }).sort({ kind: 1, seq: 1 });
    for await (const d of cursor) {
      const items = z.array(z.unknown()).parse(d.items);
      switch (d.kind) {
        case 'unit':
          out.units.push(...items.map((x) => UnitSchema.parse(x)));
          break;
        case 'role':
          out.roles.push(...items.map((x) => RoleSchema.parse(x)));
          break;
        case 'person':
          out.people.push(...items.map((x) => PersonSchema.parse(x)));
          break;
        case 'entry':
          out.entries.push(...items.map((x) => MatrixEntrySchema.parse(x)));
          break;
        case 'synonym':
          out.vocabulary.push(...items.map((x) => SynonymGroupSchema.parse(x)));
          break;
      }
    }
    return out;
  }

  async activate(next: ActivePointer, expected: number | undefined): Promise<boolean> {
    try {
      // With a stale `expected` the filter misses, the upsert tries to insert a second `active` and hits the
      // unique _id: that is the compare-and-set failing.
      const res = await this.state.updateOne(
        { _id: 'active', version: expected ?? null } as Record<string, unknown>,
        { $set: { version: next.version, history: next.history, updatedAt: this.clock.now() } },
        { upsert: true },
      );
      return res.matchedCount + res.upsertedCount === 1;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async deleteVersion(version: number): Promise<void> {
    await this.data.deleteMany({ version });
    await this.versionsCol.deleteOne({ _id: version });
  }

  async listVersions(): Promise<VersionInfo[]> {
    const docs = await this.versionsCol.find({}).sort({ _id: 1 }).toArray();
    return docs.map(({ _id, ...rest }) => VersionInfoSchema.parse({ version: _id, ...rest }));
  }
}
