import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlackApi, postInteraction, SLACK_TEST_SECRET } from '../support/fake-slack-api.js';
import { dt, isSavingView, optionsOf, sel, SlackUser, txt } from '../support/slack-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { freePort } from '../support/processes.js';

/**
 * The service process (node app.ts) receives SIGTERM while people are submitting avvikelser faster than a slowed
 * database can save them. It must exit by itself (stop() keeps to SHUTDOWN_TIMEOUT_MS; only a hung stop exits 1),
 * and nothing may be pretended: every report the user was told is saved — the modal closed by the ack, or updated
 * to the receipt — is in the database exactly once, and no report is there twice.
 */
const root = path.resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];

function values(view: any, i: number) {
  const unit = optionsOf(view, 'unitId').find((o) => o.text === 'Solgården')!;
  const v: Record<string, unknown> = {
    type: sel('avvikelse'),
    unitId: sel(unit.value),
    occurredAt: dt(new Date(Date.now() - 3_600_000)),
    location: txt('Tvättstugan'),
    description: txt(`Rapport ${i}: brukaren halkade på vått golv.`),
    immediateActions: txt('Hjälpte upp.'),
    konsekvens: sel('2'),
    sannolikhet: sel('2'),
    informed: sel('ja'),
    improvement: txt('Halkskydd.'),
  };
  return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, { [k]: val }]));
}

describe('journey: SIGTERM during a submission overload', () => {
  const slack = new FakeSlackApi();
  let proxy: TcpProxy | undefined;
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await slack.stop().catch(() => undefined);
    await proxy?.stop();
  });

  it('exits by itself, and every report told "saved" is stored once', async () => {
    await slack.start();
    const target = new URL(process.env.MONGODB_URI!);
    proxy = await new TcpProxy(target.hostname, Number(target.port)).start();
    const port = await freePort();
    const dbName = `kbtest_sigterm_${port}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'app.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        MONGODB_URI: TcpProxy.uriThrough(process.env.MONGODB_URI!, proxy.port),
        MONGODB_DB: dbName,
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SLACK_TEST_SECRET,
        SLACK_API_URL: slack.apiUrl,
        SHUTDOWN_TIMEOUT_MS: '4000',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    let signalledAt = 0;
    let firstReceiptAfterMs = -1;
    let exitedAfterMs = -1;
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        exitedAfterMs = signalledAt ? Date.now() - signalledAt : -1;
        resolve(code);
      }),
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    for (let status = 0, deadline = Date.now() + 60_000; status !== 200; ) {
      status = await fetch(`${baseUrl}/readyz`).then((r) => r.status, () => 0);
      if (status !== 200) {
        if (Date.now() > deadline) throw new Error(`not ready: ${output.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    const mia = new SlackUser(baseUrl, slack, 'U_MIA', 'mia', 'mia.medarbetare@exempel.se');
    await mia.dm('hjälp');
    await mia.waitForMessage((b) => b.includes('kvalitetsboten'));
    const count = 60;
    const views: any[] = [];
    for (let i = 0; i < count; i++) {
      const { triggerId } = await mia.command('/avvikelse');
      views.push(await mia.openedView(triggerId));
    }

    // 100 submissions a second against a database slowed to 60 ms a round trip: saves pile up. SIGTERM halfway,
    // and the database hangs 1.5 s later.
    proxy.latencyMs = 60;
    // Told "saved": the modal closed by the ack, or (a save slower than the ack) the "saving" modal updated to the
    // receipt. Those updates are read from what the fake Slack API recorded, whenever they came: waiting for each
    // with a time limit would drop the slow ones on a busy machine, and then nothing would be checked.
    const closedByAck = new Set<string>();
    const savingViews = new Map<string, string>(); // token → view id
    const toldSaved = () => {
      const savedViews = new Set(
        slack
          .calls('views.update')
          .filter((c) => c.body.view?.blocks?.some((b: any) => b.block_id === 'form__saved'))
          .map((c) => c.body.view_id as string),
      );
      return new Set([...closedByAck, ...[...savingViews].filter(([, viewId]) => savedViews.has(viewId)).map(([token]) => token)]);
    };
    const tokens: string[] = [];
    const sent: Array<Promise<void>> = [];
    for (let i = 0; i < count; i++) {
      const view = views[i];
      const token = JSON.parse(view.private_metadata).t as string;
      tokens.push(token);
      const viewId = `V-LOAD-${i}`;
      const payload = {
        type: 'view_submission',
        team: { id: 'T1', domain: 'kommunen' },
        user: { id: mia.id, username: mia.name, name: mia.name, team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy',
        trigger_id: `trigger-load-${i}`,
        view: { ...view, id: viewId, team_id: 'T1', state: { values: values(view, i) }, hash: 'h', app_id: 'A1', bot_id: 'BBOT' },
      };
      sent.push(
        postInteraction(baseUrl, payload).then(
          async (res) => {
            const text = await res.text();
            const ack = text ? JSON.parse(text) : undefined;
            if (res.status === 200 && !ack) closedByAck.add(token); // the modal closed: the user takes it as saved
            if (isSavingView(ack)) savingViews.set(token, viewId);
          },
          () => undefined, // refused once the server stopped listening: the user sees Slack's own error, nothing is pretended
        ),
      );
      if (i === count / 2) {
        // The signal must meet saves in flight, some of them already confirmed: on a busy machine the first receipts
        // can take longer than the first half of the load, so wait for one (the later submissions keep arriving).
        // Bounded only to fail clearly when no save is ever confirmed (the product broken, not the machine slow).
        const waitFrom = Date.now();
        for (const until = Date.now() + 90_000; toldSaved().size === 0; ) {
          if (Date.now() > until) throw new Error(`no save confirmed within 90 s of the load: ${output.slice(-3000)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
        signalledAt = Date.now();
        firstReceiptAfterMs = signalledAt - waitFrom;
        child.kill('SIGTERM');
        // Mid-shutdown the database hangs with saves, outbox sends and reminder work in flight: stop() must not wait
        // for any of them beyond its timeout.
        setTimeout(() => proxy!.freeze(), 1500);
      }
      await new Promise((r) => setTimeout(r, 10));
    }

    const code = await exited;
    await Promise.all(sent);
    // The process is gone: every update it sent has been recorded, so this is all the user was ever told.
    const told = toldSaved();
    // For the record: how close the shutdown came to its limit on this machine (4 s, the backstop 0.5 s later).
    console.info(`shutdown-under-load: exit ${code} ${exitedAfterMs} ms after SIGTERM, ${told.size} told saved, the first receipt awaited ${firstReceiptAfterMs} ms after half the load`);
    // The child's log says where the time went if this ever fails.
    expect(code, output.slice(-4000)).toBe(0); // stop() finished within SHUTDOWN_TIMEOUT_MS (a hung stop would exit 1)
    expect(output).toMatch(/"msg":"stopped"/);

    const client = await MongoClient.connect(process.env.MONGODB_URI!);
    try {
      const cases = client.db(dbName).collection('cases');
      for (const token of told) expect(await cases.countDocuments({ idempotencyToken: token }), `told saved: ${token}`).toBe(1);
      const stored = await cases.find({}, { projection: { idempotencyToken: 1, number: 1 } }).toArray();
      expect(new Set(stored.map((c) => c.idempotencyToken)).size).toBe(stored.length);
      expect(new Set(stored.map((c) => c.number)).size).toBe(stored.length);
      expect(told.size).toBeGreaterThan(0); // the load did reach the saves before the signal
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
    }
  }, 240_000);
});
