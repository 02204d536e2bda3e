import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../cli/main.js';
import { operatorHint } from '../../domain/error-text.js';
import { openTestDb } from '../support/mongo.js';
import { caseWorld, PHONE, SENTINEL } from '../domain/retention/support.js';

// Many small round trips per case on a shared test server: generous, not a timing assertion.
vi.setConfig({ testTimeout: 90_000 });

let t: Awaited<ReturnType<typeof openTestDb>>;
let env: Record<string, string>;
let dir: string;
let closed: { avv: { _id: string; number: string }; syn: { _id: string; number: string } };
let open: { number: string };
let lex: { _id: string; number: string };

beforeAll(async () => {
  t = await openTestDb('cliretention');
  env = { MONGODB_URI: t.uri, MONGODB_DB: t.dbName, USER: 'olle' };
  dir = await mkdtemp(join(tmpdir(), 'kb-cli-ret-'));
  // Closed in 2019: past every default retention when the CLI runs on the real clock.
  const world = await caseWorld(t.db, new Date('2019-03-04T09:00:00Z'));
  closed = { avv: await world.closedAvvikelse(), syn: await world.closedSynpunkt() };
  open = await world.openAvvikelse();
  lex = await world.openAvvikelse('lex_sarah');
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('CLI export-case', () => {
  it('writes the case with its audit trail to a file and records the export by cli:<user>', async () => {
    const file = join(dir, 'utdrag.txt');
    const r = await cli('export-case', closed.syn.number, '--format', 'txt', '--out', file);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Exporterade ${closed.syn.number}`);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(`Ärende ${closed.syn.number}`);
    expect(text).toContain(PHONE);
    expect(text).toContain('Händelselogg');
    expect(text).toMatch(/Exporterat\s+cli:olle \(cli:olle\)/);
    expect((await stat(file)).mode & 0o077).toBe(0);
    const entry = await t.db.collection('case_audit').findOne({ caseId: closed.syn._id, action: 'exported' });
    expect(entry).toMatchObject({ actorId: 'cli:olle', data: { format: 'txt' } });

    const json = await cli('export-case', closed.avv.number, '--out', '-');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(parsed.case.details.description).toContain(SENTINEL);
    expect(parsed.audit.map((e: { action: string }) => e.action)).toContain('transition.close');
  });

  it('--format ivo writes the IVO packet of a lex case as Markdown and records the export', async () => {
    const r = await cli('export-case', lex.number, '--format', 'ivo', '--out', '-');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`# Anmälan enligt lex Sarah – underlag (${lex.number})`);
    expect(r.out).toContain('Lagrum: Socialtjänstlagen (2025:400), LSS 24 a–g §§, SOSFS 2011:5');
    expect(r.out).toContain('**Bedömning:** (saknas i ärendet – fyll i)');
    const entry = await t.db.collection('case_audit').findOne({ caseId: lex._id, action: 'ivo_packet.exported' });
    expect(entry).toMatchObject({ actorId: 'cli:olle', data: { via: 'cli' } });
    const notLex = await cli('export-case', open.number, '--format', 'ivo', '--out', '-');
    expect(notLex.code).toBe(1);
    expect(notLex.err).toMatch(/lex Sarah och lex Maria/);
  });

  it('explains a wrong number or format in Swedish', async () => {
    const missing = await cli('export-case', 'AVV-2019-9999', '--out', '-');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Det finns inget ärende med nummer AVV-2019-9999');
    const format = await cli('export-case', closed.avv.number, '--format', 'pdf');
    expect(format.code).toBe(1);
    expect(format.err).toContain('Välj json eller txt');
    expect((await cli('export-case')).code).toBe(2);
  });
});

describe('CLI retention', () => {
  it('--dry-run lists what would happen and changes nothing; a run then anonymises and reports', async () => {
    const dry = await cli('retention', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Torrkörning');
    expect(dry.out).toContain(`${closed.avv.number}  Avvikelse, avslutat 2019-03-04: anonymiseras`);
    expect(dry.out).toContain(closed.syn.number);
    expect(dry.out).not.toContain(open.number);
    expect(await t.db.collection('cases').countDocuments({ retention: { $exists: true } })).toBe(0);

    const run = await cli('retention');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Gallringen');
    expect(run.out).toContain('Avvikelse: anonymiserade 1');
    expect(run.out).toContain('Klagomål: anonymiserade 1');
    expect(await t.db.collection('cases').countDocuments({ 'retention.auditDone': true })).toBe(2);
    expect(JSON.stringify(await t.db.collection<{ _id: string }>('cases').findOne({ _id: closed.avv._id }))).not.toContain(SENTINEL);
    const admin = await t.db.collection('audit').findOne({ action: 'retention.run' });
    expect(admin).toMatchObject({ actor: 'cli:olle', details: { anonymised: 2, removed: 0, failed: 0 } });

    const reports = await cli('retention', '--reports');
    expect(reports.out).toMatch(/:manual:.*done\s+cli:olle: anonymiserade 2, borttagna 0, misslyckade 0/);

    const again = await cli('retention');
    expect(again.out).toContain('Inga ärenden behövde gallras.');
  });

  it('stops on invalid settings with a Swedish explanation', async () => {
    const bad = await runCli(['retention', '--dry-run'], { env: { ...env, RETENTION_SETTINGS: '{"batchSize":0}' }, out: () => {}, err: (l) => void errs.push(l) });
    expect(bad).toBe(1);
    expect(errs.join('\n')).toContain('Gallringsinställningarna är felaktiga (RETENTION_SETTINGS: batchSize)');
    // …and the fix for the operator, once, with the code.
    expect(errs.filter((l) => l.startsWith('retention.bad_settings: '))).toEqual([`retention.bad_settings: ${operatorHint('retention.bad_settings')}`]);
  });
});
const errs: string[] = [];
