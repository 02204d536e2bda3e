import { ActivityHandler, type InvokeResponse, type TurnContext } from '@microsoft/agents-hosting';
import type { TeamsDeps } from './deps.js';
import { handleCardExecute } from './handlers/card-execute.js';
import { handleInstallationUpdate, handleMembersAdded } from './handlers/install.js';
import { handleMessage } from './handlers/message.js';
import { handleMessageActionFetch, handleTaskFetch, handleTaskSubmit } from './handlers/task-module.js';

/** Routes Teams activities to one handler per kind. Business logic lives in the features, not here. */
export class KvalitetsTeamsBot extends ActivityHandler {
  constructor(private readonly deps: TeamsDeps) {
    super();
    this.onMessage(async (context, next) => {
      await handleMessage(context, deps);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await handleMembersAdded(context, deps);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await handleInstallationUpdate(context, deps);
      await next();
    });
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
