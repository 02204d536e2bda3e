/**
 * The baseline for `bench-load.ts`: a bare Slack Bolt 5 app and a bare Microsoft 365 Agents SDK echo bot, on the
 * same packages and the same Express server as the product, with no database. Slash commands and buttons are
 * acknowledged and open a one-block modal (as the product does after its ack); a modal submission is acknowledged;
 * a Teams message is echoed. Started by bench-load.ts:
 *   PORT=… SLACK_SIGNING_SECRET=… SLACK_API_URL=… npx tsx scripts/bench-bare.ts
 */
import { ActivityHandler, authorizeJWT, CloudAdapter, type AuthConfiguration } from '@microsoft/agents-hosting';
import { App, ExpressReceiver } from '@slack/bolt';
import express from 'express';

const port = Number(process.env.PORT ?? 0);
const app = express();
const receiver = new ExpressReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET!, endpoints: '/slack/events', app, processBeforeResponse: false });
const bolt = new App({ token: 'xoxb-bare', receiver, deferInitialization: true, clientOptions: { slackApiUrl: process.env.SLACK_API_URL } });
const modal = { type: 'modal', callback_id: 'bare', title: { type: 'plain_text', text: 'Bare' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'bare' } }] };
bolt.command(/.*/, async ({ ack, command, client }) => {
  await ack();
  await client.views.open({ trigger_id: command.trigger_id, view: modal as never });
});
bolt.action(/.*/, async ({ ack, body, client }) => {
  await ack();
  await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view: modal as never });
});
bolt.view(/.*/, async ({ ack }) => {
  await ack();
});

const adapter = new CloudAdapter({} as AuthConfiguration);
const echo = new ActivityHandler();
echo.onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  await next();
});
const auth = (adapter as unknown as { authConfig: AuthConfiguration }).authConfig;
app.post('/api/messages', express.json({ limit: '256kb' }), authorizeJWT(auth) as express.RequestHandler, async (req, res) => {
  await adapter.process(req as never, res as never, (context) => echo.run(context));
});

await bolt.init();
const server = app.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'bare listening', port: (server.address() as { port: number }).port }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
