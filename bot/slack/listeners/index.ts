import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { useRequestUser } from '../request-user.js';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import { registerEvents } from './events.js';
import { registerShortcuts } from './shortcuts.js';
import { registerViews } from './views.js';

/** Every listener, by kind; each request's user is resolved once, for all of them. */
export function registerListeners(app: App, deps: SlackDeps): void {
  useRequestUser(app, deps);
  registerCommands(app, deps);
  registerShortcuts(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
}
