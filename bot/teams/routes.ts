/**
 * The Teams endpoint, POST /api/messages, read top to bottom: the token verified (bounded in time), the activity's
 * envelope and service URL checked, the turn's user resolved once, then the activity routed by kind to its handler
 * in handlers/ (messages, dialogs, card actions, install). No subject knowledge here.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import { ActivityHandler, type InvokeResponse, type TurnContext } from '@microsoft/agents-hosting';
import { z } from 'zod';
import { serviceUrlAllowed, type AppConfig } from '../../config/env.js';
import { userText } from '../../domain/error-text.js';
import { jsonBody, sendError } from '../../ops/http.js';
import type { Logger } from '../../ops/logger.js';
import { createTeamsAdapter, plausibleBotFrameworkToken } from './adapter.js';
import { fitCardsToClient } from './dialog-support.js';
import type { TeamsDeps } from './deps.js';
import { handleCardExecute } from './handlers/card-execute.js';
import { handleMembersAdded } from './handlers/install.js';
import { handleMessage } from './handlers/message.js';
import { handleMessageActionFetch, handleTaskFetch, handleTaskSubmit } from './handlers/task-module.js';
import { resolveTurnUser } from './turn-user.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';
/** How long verifying one token may take (the SDK may fetch signing keys first). */
export const TOKEN_VERIFY_BUDGET_MS = 1500;

/**
 * The least an activity must carry before the SDK sees it. Everything else is checked where it is used; this only
 * keeps malformed input from reaching the adapter (where it would become a 500) and bounds the sizes.
 */
const ActivityEnvelope = z.object({
  type: z.string().min(1).max(100),
  serviceUrl: z.string().min(1).max(2048),
  channelId: z.string().min(1).max(100),
  conversation: z.object({ id: z.string().min(1).max(1000) }),
  from: z.object({ id: z.string().min(1).max(1000) }).optional(),
  recipient: z.object({ id: z.string().max(1000) }).optional(),
  text: z.string().max(30_000).optional(),
  name: z.string().max(200).optional(),
});

/**
 * The fields the envelope checks, taken out of the activity (the rest of it is not copied for the check). An object
 * stays an object with only its id, anything else stays as it is and fails the check. Undefined means absent.
 */
function envelopeOf(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const a = body as Record<string, unknown>;
  const idOf = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? { id: (v as { id?: unknown }).id } : v);
  const out: Record<string, unknown> = { type: a.type, serviceUrl: a.serviceUrl, channelId: a.channelId, conversation: idOf(a.conversation) };
  if (a.from !== undefined) out.from = idOf(a.from);
  if (a.recipient !== undefined) out.recipient = idOf(a.recipient);
  if (a.text !== undefined) out.text = a.text;
  if (a.name !== undefined) out.name = a.name;
  return out;
}

/** The turns that act for their sender: messages, invokes, being added, the app installed (not removed). */
function actsForUser(context: TurnContext): boolean {
  const a = context.activity;
  if (a.type === 'message' || a.type === 'invoke') return true;
  if (a.type === 'conversationUpdate') return (a.membersAdded ?? []).length > 0;
  if (a.type === 'installationUpdate') return !String((a as { action?: string }).action ?? 'add').startsWith('remove');
  return false;
}

/** Routes Teams activities to one handler per kind. Business logic lives in the subjects, not here. */
class KvalitetsTeamsBot extends ActivityHandler {
  constructor(private readonly deps: TeamsDeps) {
    super();
    this.onMessage(async (context, next) => {
      await handleMessage(context, deps);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await handleMembersAdded(context);
      await next();
    });
  }

  /**
   * Every turn starts by resolving its user, once: stored chat identity, e-mail and the personal chat's address
   * (so people can be told about cases before they ever write). The handlers read it with `turnUser`.
   */
  override async run(context: TurnContext): Promise<void> {
    if (actsForUser(context)) await resolveTurnUser(context, this.deps);
    await super.run(context);
  }

  /** Dialogs (task modules) and the message action. Everything else goes to the SDK's default handling. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    switch (context.activity.name) {
      case 'task/fetch':
        return handleTaskFetch(context, this.deps);
      case 'task/submit':
        return handleTaskSubmit(context, this.deps, 'task');
      case 'composeExtension/fetchTask':
        return handleMessageActionFetch(context, this.deps);
      case 'composeExtension/submitAction':
        return handleTaskSubmit(context, this.deps, 'messageAction');
      case 'adaptiveCard/action':
        return handleCardExecute(context, this.deps);
      default:
        return super.onInvokeActivity(context);
    }
  }
}

/** Mounts POST /api/messages. Returns the adapter for proactive messages, or undefined when Teams is off. */
export function mountTeams(app: Express, config: AppConfig, deps: TeamsDeps, logger: Logger) {
  if (!config.teams.enabled || (config.teams.anonymous && config.env.NODE_ENV === 'production')) {
    // The configuration refuses production without an app id; this is the second line.
    logger.info('Teams is off (TEAMS_ENABLED=false, or no MICROSOFT_APP_ID in production)');
    app.post(TEAMS_MESSAGES_PATH, (_req, res) => sendError(res, 404, 'Teams is not enabled on this server'));
    return undefined;
  }
  if (config.teams.anonymous) {
    logger.warn(`Teams accepts anonymous requests on ${config.env.HOST} (local tools only): set MICROSOFT_APP_ID before going live`);
  }
  const { adapter, authorize } = createTeamsAdapter(config);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // No activity text or card data in the log: it may contain client details.
    logger.error({ err: { name: error.name, message: error.message, code: (error as { code?: string }).code }, activityType: context.activity.type }, 'Teams turn failed');
    await context.sendActivity(userText(error)).catch(() => undefined);
  };
  const bot = new KvalitetsTeamsBot(deps);

  // The SDK answers a refused token with its own message (which can carry a DNS error or a claim name); the
  // caller learns only that it was refused.
  // With an app id, an implausible token is refused before the SDK would fetch signing keys for it, and the
  // verification itself is bounded: a key endpoint that does not answer means "not verified", never a hang.
  const authenticate = (req: Request, res: Response, next: NextFunction) => {
    if (config.teams.appId && !plausibleBotFrameworkToken(req.header('authorization'), config.teams.appId, Math.floor(Date.now() / 1000))) {
      return sendError(res, 401, 'unauthorized');
    }
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const quiet = { status: (code: number) => ({ send: () => settle(() => sendError(res, code === 405 ? 405 : 401, 'unauthorized')) }) };
    authorize(req as never, quiet as never, () => settle(next)).catch(() => settle(() => sendError(res, 401, 'unauthorized')));
    // Decided at once (an anonymous local request, a refusal): no clock needed. Otherwise the verification runs
    // against the budget.
    if (!settled) {
      timer = setTimeout(() => {
        logger.warn('Teams token could not be verified in time (signing keys unreachable?); refused');
        settle(() => sendError(res, 401, 'unauthorized'));
      }, TOKEN_VERIFY_BUDGET_MS);
    }
  };

  // Only an activity whose serviceUrl we may call is processed: the SDK replies to that URL, and in anonymous mode
  // the caller could otherwise choose the host (and so the e-mail address "its" connector reports).
  const checkActivity = (req: Request, res: Response, next: NextFunction) => {
    const parsed = ActivityEnvelope.safeParse(envelopeOf(req.body));
    if (!parsed.success) return sendError(res, 400, 'not a Bot Framework activity');
    if (!serviceUrlAllowed(config, parsed.data.serviceUrl)) {
      logger.warn({ anonymous: config.teams.anonymous }, 'Teams activity refused: its serviceUrl is not on the allow-list (TEAMS_SERVICE_URL_HOSTS)');
      return sendError(res, 403, 'serviceUrl not allowed');
    }
    // A Bot Framework token names the service URL it was issued for; an activity pointing elsewhere is not ours.
    const claimed = (req as Request & { user?: { serviceurl?: unknown } }).user?.serviceurl;
    if (!config.teams.anonymous && typeof claimed === 'string' && !sameServiceUrl(claimed, parsed.data.serviceUrl)) {
      logger.warn('Teams activity refused: its serviceUrl differs from the one in the token');
      return sendError(res, 403, 'serviceUrl not allowed');
    }
    next();
  };

  app.post(TEAMS_MESSAGES_PATH, jsonBody('256kb'), authenticate, checkActivity, async (req, res) => {
    try {
      await adapter.process(req as never, res as never, (context) => {
        fitCardsToClient(context);
        return bot.run(context);
      });
    } catch (error) {
      logger.error({ err: { name: (error as Error).name } }, 'Teams activity could not be processed');
      sendError(res, 500, 'internal error');
    }
  });
  return adapter;
}

function sameServiceUrl(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}
