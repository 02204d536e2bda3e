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

/** Hosts that issue Bot Framework and Entra tokens (public and US government clouds). */
const TOKEN_ISSUER_HOSTS = new Set(['api.botframework.com', 'api.botframework.us', 'sts.windows.net', 'login.microsoftonline.com', 'login.microsoftonline.us']);
const CLOCK_SKEW_SECONDS = 300;

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (!part || !/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A cheap look at a bearer token before the SDK verifies it (which may fetch signing keys over the network): only
 * an RS256 token with a key id, for our app id, from a Microsoft issuer, not expired and naming no key location of
 * its own (jku, x5u, jwk) is worth verifying. Everything else is refused at once. This never accepts anything: the
 * signature, issuer and tenant are still checked by the SDK.
 */
export function plausibleBotFrameworkToken(authorization: string | undefined, appId: string, nowSeconds: number): boolean {
  const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization?.trim() ?? '');
  if (!match || match[0].length > 16_384) return false;
  const header = decodePart(match[1]);
  const payload = decodePart(match[2]);
  if (!header || !payload) return false;
  if (header.alg !== 'RS256' || typeof header.kid !== 'string' || 'jku' in header || 'x5u' in header || 'jwk' in header) return false;
  const aud = payload.aud;
  if (!(aud === appId || (Array.isArray(aud) && aud.includes(appId)))) return false;
  if (typeof payload.exp !== 'number' || payload.exp < nowSeconds - CLOCK_SKEW_SECONDS) return false;
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > nowSeconds + CLOCK_SKEW_SECONDS)) return false;
  if (typeof payload.iss !== 'string') return false;
  try {
    const iss = new URL(payload.iss);
    return iss.protocol === 'https:' && TOKEN_ISSUER_HOSTS.has(iss.hostname);
  } catch {
    return false;
  }
}
