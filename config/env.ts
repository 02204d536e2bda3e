import { z } from 'zod';

/**
 * The whole environment, parsed once at start. A wrong or missing value stops the process with a message that
 * names the variable and says how to fix it. Secrets are never logged: `describeConfig` masks them.
 */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const booleanString = z.preprocess(
  emptyToUndefined,
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .optional(),
);

const EnvSchema = z
  .object({
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a port number 0–65535' }).int().min(0).max(65535).default(3978)),
    // No default here: without MICROSOFT_APP_ID the default is loopback (see defaultHost), else every interface.
    HOST: z.preprocess(emptyToUndefined, z.string().optional()),
    PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url({ message: 'expected a URL such as https://bot.example.se' }).optional()),
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
    SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(10_000)),

    MONGODB_URI: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, { message: 'expected a connection string starting with mongodb:// or mongodb+srv://' })
        .optional(),
    ),
    MONGODB_DB: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, { message: 'expected 1–60 letters, digits, _ or -' }).optional()),
    MONGODB_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    MONGODB_DEV_SERVER: z.preprocess(emptyToUndefined, z.enum(['auto', 'mongod', 'secantus-rs', 'secantus-py']).default('auto')),
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).default(5000)),

    MICROSOFT_APP_ID: z.preprocess(emptyToUndefined, z.uuid({ message: 'expected the Azure Bot app id (a GUID)' }).optional()),
    MICROSOFT_APP_PASSWORD: optionalString,
    MICROSOFT_APP_TENANT_ID: z.preprocess(emptyToUndefined, z.uuid({ message: 'expected the Entra tenant id (a GUID)' }).optional()),
    TEAMS_ENABLED: booleanString,
    TEAMS_SERVICE_URL_HOSTS: optionalString,

    SLACK_BOT_TOKEN: z.preprocess(emptyToUndefined, z.string().startsWith('xoxb-', { message: 'expected a bot token starting with xoxb-' }).optional()),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: z.preprocess(emptyToUndefined, z.string().startsWith('xapp-', { message: 'expected an app-level token starting with xapp-' }).optional()),
    SLACK_API_URL: z.preprocess(emptyToUndefined, z.url().optional()),

    ADMIN_EMAILS: z.preprocess(emptyToUndefined, z.string().optional()),
    SCHEDULER_ENABLED: booleanString,
    SEED_EXAMPLE_DATA: booleanString,
    RETENTION_SETTINGS: optionalString,
    RETENTION_SETTINGS_FILE: optionalString,
  })
  .superRefine((env, ctx) => {
    if (env.MICROSOFT_APP_ID) {
      if (!env.MICROSOFT_APP_PASSWORD) {
        ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_PASSWORD'], message: 'required when MICROSOFT_APP_ID is set (the client secret of the Azure Bot app registration)' });
      }
      if (!env.MICROSOFT_APP_TENANT_ID) {
        ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_TENANT_ID'], message: 'required when MICROSOFT_APP_ID is set (single-tenant bot: your Entra tenant id)' });
      }
    } else if (env.MICROSOFT_APP_PASSWORD || env.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_ID'], message: 'required when MICROSOFT_APP_PASSWORD or MICROSOFT_APP_TENANT_ID is set' });
    } else if (env.TEAMS_ENABLED !== false) {
      // Without an app id Teams is anonymous: whoever reaches the port may act as anyone. Fail closed.
      if (env.NODE_ENV === 'production') {
        ctx.addIssue({
          code: 'custom',
          path: ['MICROSOFT_APP_ID'],
          message: 'required in production (NODE_ENV=production): without it no Teams request can be authenticated; set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID, or TEAMS_ENABLED=false for a Slack-only install',
        });
      } else if (env.HOST !== undefined && !isLoopbackHost(env.HOST)) {
        ctx.addIssue({
          code: 'custom',
          path: ['HOST'],
          message: `HOST=${env.HOST} without MICROSOFT_APP_ID would accept anonymous Teams requests from the network; set MICROSOFT_APP_ID (with MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID), or HOST=127.0.0.1 for local tools, or TEAMS_ENABLED=false for a Slack-only install`,
        });
      }
    }
    for (const entry of splitList(env.TEAMS_SERVICE_URL_HOSTS)) {
      if (!parseServiceUrlEntry(entry)) {
        ctx.addIssue({ code: 'custom', path: ['TEAMS_SERVICE_URL_HOSTS'], message: `"${entry}" is neither a host name (smba.trafficmanager.net) nor an origin (https://host:port)` });
      }
    }
    const slackAny = env.SLACK_BOT_TOKEN || env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN;
    if (slackAny) {
      if (!env.SLACK_BOT_TOKEN) {
        ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'required to enable Slack (OAuth & Permissions → Bot User OAuth Token, xoxb-…)' });
      }
      if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required for Slack over HTTP (Basic Information → Signing Secret); or set SLACK_APP_TOKEN for Socket Mode' });
      }
    }
  });

/** True for the loopback interface: only this machine can reach a server listening there. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,;\s]+/)
    .map((e) => e.trim())
    .filter(Boolean);
}

/**
 * The Bot Framework channel service hosts of Teams (public cloud and the US government clouds), the only hosts an
 * authenticated activity's serviceUrl may name. Other clouds: set TEAMS_SERVICE_URL_HOSTS.
 */
export const DEFAULT_TEAMS_SERVICE_URL_HOSTS = [
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
] as const;

/** One allow-list entry: a bare host (HTTPS only) or an origin (scheme, host and port must all match). */
export type ServiceUrlRule = { kind: 'host'; host: string } | { kind: 'origin'; origin: string };

function parseServiceUrlEntry(entry: string): ServiceUrlRule | undefined {
  if (entry.includes('://')) {
    try {
      const url = new URL(entry);
      return url.protocol === 'https:' || url.protocol === 'http:' ? { kind: 'origin', origin: url.origin } : undefined;
    } catch {
      return undefined;
    }
  }
  return /^[a-z0-9.-]+$/i.test(entry) ? { kind: 'host', host: entry.toLowerCase() } : undefined;
}

export type Env = z.infer<typeof EnvSchema>;

export interface AppConfig {
  /** HOST is always resolved here (loopback when Teams would be anonymous). */
  env: Env & { HOST: string };
  /** The one answer to "which database": the app, the CLI, the scripts and the benchmarks all read it from here. */
  mongo: { uri?: string; dbName: string; dataDir: string; devServer: Env['MONGODB_DEV_SERVER'] };
  teams: {
    /** False when TEAMS_ENABLED=false: /api/messages answers 404 and nothing is sent to Teams. */
    enabled: boolean;
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    /** No app id: local tools on loopback only, service URLs only on loopback. */
    anonymous: boolean;
    /** Which Bot Framework service URLs the bot may call (authenticated mode). */
    serviceUrls: ServiceUrlRule[];
  };
  slack: { enabled: boolean; mode: 'http' | 'socket' | 'off'; botToken?: string; signingSecret?: string; appToken?: string; apiUrl?: string };
  adminEmails: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Konfigurationsfel / configuration error:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n') +
        '\nRätta variablerna i miljön eller i .env (se .env.example) och starta om. / Fix these variables (see .env.example) and restart.',
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(environment)', message: issue.message })),
    );
  }
  const teamsEnabled = parsed.data.TEAMS_ENABLED !== false;
  const anonymous = teamsEnabled && !parsed.data.MICROSOFT_APP_ID;
  const env = { ...parsed.data, HOST: parsed.data.HOST ?? (anonymous ? '127.0.0.1' : '0.0.0.0') };
  const configured = splitList(env.TEAMS_SERVICE_URL_HOSTS);
  const slackMode = !env.SLACK_BOT_TOKEN ? 'off' : env.SLACK_APP_TOKEN ? 'socket' : 'http';
  return {
    env,
    mongo: { uri: env.MONGODB_URI, dbName: databaseName(env.MONGODB_URI, env.MONGODB_DB), dataDir: env.MONGODB_DATA_DIR, devServer: env.MONGODB_DEV_SERVER },
    teams: {
      enabled: teamsEnabled,
      appId: env.MICROSOFT_APP_ID,
      appPassword: env.MICROSOFT_APP_PASSWORD,
      tenantId: env.MICROSOFT_APP_TENANT_ID,
      anonymous,
      serviceUrls: (configured.length ? configured : [...DEFAULT_TEAMS_SERVICE_URL_HOSTS]).map((e) => parseServiceUrlEntry(e)!),
    },
    slack: {
      enabled: slackMode !== 'off',
      mode: slackMode,
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
    },
    adminEmails: (env.ADMIN_EMAILS ?? '')
      .split(/[,;\s]+/)
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  };
}

/**
 * May the bot call this Bot Framework service URL? Anonymous (local) mode: loopback only, whatever the
 * allow-list says. Authenticated mode: a host on the allow-list over HTTPS, or an origin listed exactly.
 */
export function serviceUrlAllowed(config: AppConfig, serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string' || serviceUrl.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username || url.password) return false;
  if (config.teams.anonymous) return isLoopbackHost(url.hostname);
  return config.teams.serviceUrls.some((rule) =>
    rule.kind === 'origin' ? url.origin === rule.origin : url.protocol === 'https:' && url.hostname.toLowerCase() === rule.host,
  );
}

/**
 * MONGODB_DB when set, else the database named in the connection string's path (`mongodb://host/prod` → prod), else
 * `kvalitetsbot`.
 */
function databaseName(uri: string | undefined, explicit: string | undefined): string {
  if (explicit) return explicit;
  const path = uri ? /^mongodb(?:\+srv)?:\/\/[^/?]+\/([^?]+)/.exec(uri)?.[1] : undefined;
  return path ? decodeURIComponent(path) : 'kvalitetsbot';
}

/** What is safe to log about the configuration: never a secret, only whether it is set. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  return {
    host: config.env.HOST,
    port: config.env.PORT,
    nodeEnv: config.env.NODE_ENV,
    mongo: config.mongo.uri ? `MONGODB_URI, database ${config.mongo.dbName}` : `development server (${config.mongo.devServer}) in ${config.mongo.dataDir}, database ${config.mongo.dbName}`,
    teams: !config.teams.enabled ? 'off (TEAMS_ENABLED=false)' : config.teams.anonymous ? 'anonymous on loopback (no MICROSOFT_APP_ID: local tools only)' : 'JWT-validated',
    slack: config.slack.mode,
    admins: config.adminEmails.length,
  };
}
