import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsUser } from '../support/teams-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('/metrics after some traffic', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.stop());

  it('exposes request latency, errors, outbox depth, reminder lag and messages sent', async () => {
    const user = new TeamsUser(t.baseUrl, t.teams, 'Mia Medarbetare', 'mia.medarbetare@exempel.se', '00000000-0000-4000-8000-0000000a0001');
    await user.say('hjälp');
    await user.say('mina ärenden');
    await fetch(`${t.baseUrl}/healthz`);
    await fetch(`${t.baseUrl}/slack/events`, { method: 'POST', body: 'unsigned' });
    // A proactive message through the outbox, so the sender has something to count.
    const address = await t.app.services.people.addressOf('chat:teams:29:00000000-0000-4000-8000-0000000a0001');
    expect(address).toBeDefined();
    await t.app.services.outbox.enqueue({ dedupeKey: 'metrics-test', recipient: address!, message: { view: { title: 'Test' }, fallbackText: 'Test' } });
    await user.waitForCard((c) => c.includes('Test'));

    const res = await fetch(`${t.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/kvalitetsbot_http_request_duration_seconds_count\{[^}]*route="\/api\/messages"[^}]*\} [1-9]/);
    expect(text).toMatch(/kvalitetsbot_http_request_duration_seconds_count\{[^}]*route="\/slack\/events"[^}]*status_class="4xx"[^}]*\} 1/);
    expect(text).toMatch(/kvalitetsbot_outbox_depth\{state="pending"\} \d+/);
    expect(text).toMatch(/kvalitetsbot_reminder_lag_seconds \d/);
    expect(text).toMatch(/kvalitetsbot_messages_sent_total\{[^}]*channel="teams"[^}]*outcome="sent"[^}]*\} [1-9]/);
    expect(text).toMatch(/kvalitetsbot_errors_total/);
  });
});
