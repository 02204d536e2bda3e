import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../../app.js';
import { loadConfig } from '../../config/env.js';
import type { Clock } from '../../domain/clock.js';
import { createLogger } from '../../ops/logger.js';
import { FakeSlackApi, SLACK_TEST_SECRET } from './fake-slack-api.js';
import { FakeTeamsConnector } from './fake-teams-connector.js';

export interface TestApp {
  app: RunningApp;
  baseUrl: string;
  teams: FakeTeamsConnector;
  slack: FakeSlackApi;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  dbName: string;
  stop(): Promise<void>;
}

/**
 * The real application on 127.0.0.1 (random port) against the test MongoDB (a fresh database), with a fake Teams
 * connector and a fake Slack Web API recording what the bot sends.
 */
export async function startTestApp(options: { env?: Record<string, string>; clock?: Clock; keepDb?: boolean } = {}): Promise<TestApp> {
  const teams = await new FakeTeamsConnector().start();
  const slack = await new FakeSlackApi().start();
  const dbName = `kbtest_app_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    MONGODB_URI: process.env.MONGODB_URI,
    MONGODB_DB: dbName,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SLACK_TEST_SECRET,
    SLACK_API_URL: slack.apiUrl,
    // With MICROSOFT_APP_ID set, only allow-listed service URLs are called: let that be the fake connector.
    TEAMS_SERVICE_URL_HOSTS: teams.url,
    ...options.env,
  });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await startApp({ config, logger: createLogger('debug', sink), ...(options.clock ? { clock: options.clock } : {}) });
  const deadline = Date.now() + 15_000;
  while (!app.isReady() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return {
    app,
    baseUrl: `http://127.0.0.1:${app.port}`,
    teams,
    slack,
    logs,
    dbName,
    async stop() {
      if (!options.keepDb) await app.mongo.db.dropDatabase().catch(() => undefined);
      await app.stop();
      await teams.stop();
      await slack.stop();
    },
  };
}

export async function postActivity(baseUrl: string, activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}
