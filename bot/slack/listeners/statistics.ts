import type { App, BlockAction, ButtonAction, webApi } from '@slack/bolt';
import { ActionIds } from '../../../domain/action-ids.js';
import { userText } from '../../../domain/error-text.js';
import type { SlackDeps } from '../deps.js';
import { resolveSlackUser } from '../identity.js';
import { slackMessage } from '../render.js';

/**
 * "Ladda ner som Excel" under a sammanställning: the workbook is sent as a file into the clicker's DM with the bot
 * (files.uploadV2: getUploadURLExternal → upload → completeUploadExternal). The feature re-checks that the clicker is
 * the person it was made for and still allowed; a refusal is answered in Swedish, with no file.
 */
export function registerStatisticsActions(app: App, deps: SlackDeps): void {
  const workbook = deps.statisticsWorkbook;
  if (!workbook) return;
  app.action<BlockAction<ButtonAction>>(ActionIds.sammanstallningXlsx, async ({ ack, body, action, client }) => {
    await ack();
    const web = client as webApi.WebClient;
    const dm = await web.conversations.open({ users: body.user.id });
    const channel = dm.channel?.id;
    if (!channel) return;
    const user = await resolveSlackUser(body.user.id, body.team?.id, web, deps.identities, deps.clock, deps.logger);
    let token = '';
    try {
      const value: unknown = JSON.parse(action.value ?? '{}');
      token = value && typeof value === 'object' && typeof (value as { token?: unknown }).token === 'string' ? (value as { token: string }).token : '';
    } catch {
      token = '';
    }
    try {
      const file = await workbook(token, user);
      await web.filesUploadV2({ channel_id: channel, file: file.data, filename: file.filename, title: file.title });
    } catch (error) {
      deps.logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'sammanställning workbook not sent in Slack');
      await web.chat.postMessage({ channel, ...slackMessage({ title: userText(error), tone: 'warning' }) });
    }
  });
}
