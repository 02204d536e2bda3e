import { ActivityHandler } from '@microsoft/agents-hosting';
import type { TeamsDeps } from './deps.js';
import { handleMembersAdded } from './handlers/install.js';
import { handleMessage } from './handlers/message.js';

/** Routes Teams activities to one handler per kind. Business logic lives in the features, not here. */
export class KvalitetsTeamsBot extends ActivityHandler {
  constructor(deps: TeamsDeps) {
    super();
    this.onMessage(async (context, next) => {
      await handleMessage(context, deps);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await handleMembersAdded(context, deps);
      await next();
    });
  }
}
