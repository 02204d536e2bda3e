import express, { type Express } from 'express';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { AppConfig } from '../../config/env.js';
import { userText } from '../../domain/error-text.js';
import type { Logger } from '../../ops/logger.js';
import { createTeamsAdapter } from './adapter.js';
import { fitCardsToClient } from './dialog-support.js';
import type { TeamsDeps } from './deps.js';
import { KvalitetsTeamsBot } from './teams-bot.js';

/** Mounts POST /api/messages. Returns the adapter for proactive messages. */
export function mountTeams(app: Express, config: AppConfig, deps: TeamsDeps, logger: Logger) {
  if (config.teams.anonymous && config.env.NODE_ENV === 'production') {
    logger.warn('Teams is off: MICROSOFT_APP_ID is not set and anonymous requests are refused in production');
    app.post('/api/messages', (_req, res) => {
      res.status(503).json({ error: 'Teams is not configured on this server (MICROSOFT_APP_ID missing).' });
    });
    return undefined;
  }
  if (config.teams.anonymous) logger.warn('Teams accepts anonymous requests: set MICROSOFT_APP_ID before going live');
  const { adapter, authorize } = createTeamsAdapter(config);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // No activity text or card data in the log: it may contain client details.
    logger.error({ err: { name: error.name, message: error.message, code: (error as { code?: string }).code }, activityType: context.activity.type }, 'Teams turn failed');
    await context.sendActivity(userText(error)).catch(() => undefined);
  };
  const bot = new KvalitetsTeamsBot(deps);
  app.post('/api/messages', express.json({ limit: '256kb' }), authorize as express.RequestHandler, async (req, res) => {
    await adapter.process(req as never, res as never, (context) => {
      fitCardsToClient(context);
      return bot.run(context);
    });
  });
  return adapter;
}
