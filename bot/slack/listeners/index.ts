import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import { registerEvents } from './events.js';
import { registerCaseActions } from './cases.js';
import { registerForms } from './forms.js';
import { registerStatisticsActions } from './statistics.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerActions(app, deps);
  registerForms(app, deps);
  registerCaseActions(app, deps);
  registerStatisticsActions(app, deps);
}
