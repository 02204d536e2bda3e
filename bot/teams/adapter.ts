import { CloudAdapter, authorizeJWT, type AuthConfiguration } from '@microsoft/agents-hosting';
import type { AppConfig } from '../../config/env.js';

/**
 * The Agents SDK adapter and its JWT middleware. With MICROSOFT_APP_ID every request must carry a valid Bot
 * Framework/Entra token; without it (local development, Agents Playground) requests are anonymous, and the SDK
 * refuses that in production.
 */
export function createTeamsAdapter(config: AppConfig): { adapter: CloudAdapter; authorize: ReturnType<typeof authorizeJWT> } {
  const auth: AuthConfiguration = config.teams.appId
    ? { clientId: config.teams.appId, clientSecret: config.teams.appPassword, tenantId: config.teams.tenantId }
    : {};
  const adapter = new CloudAdapter(auth);
  return { adapter, authorize: authorizeJWT(getAuthConfig(adapter)) };
}

// The adapter completes the configuration with defaults (issuers, connections); validate tokens against that one.
function getAuthConfig(adapter: CloudAdapter): AuthConfiguration {
  return (adapter as unknown as { authConfig: AuthConfiguration }).authConfig;
}
