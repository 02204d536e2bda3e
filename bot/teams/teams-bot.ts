import { ActivityHandler, type InvokeResponse, type TurnContext } from '@microsoft/agents-hosting';
import type { TeamsDeps } from './deps.js';
import { handleCardExecute } from './handlers/card-execute.js';
import { handleMembersAdded } from './handlers/install.js';
import { handleMessage } from './handlers/message.js';
import { handleMessageActionFetch, handleTaskFetch, handleTaskSubmit } from './handlers/task-module.js';
import { resolveTurnUser } from './turn-user.js';

/** The turns that act for their sender: messages, invokes, being added, the app installed (not removed). */
function actsForUser(context: TurnContext): boolean {
  const a = context.activity;
  if (a.type === 'message' || a.type === 'invoke') return true;
  if (a.type === 'conversationUpdate') return (a.membersAdded ?? []).length > 0;
  if (a.type === 'installationUpdate') return !String((a as { action?: string }).action ?? 'add').startsWith('remove');
  return false;
}

/** Routes Teams activities to one handler per kind. Business logic lives in the subjects, not here. */
export class KvalitetsTeamsBot extends ActivityHandler {
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
