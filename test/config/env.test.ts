import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../config/env.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.variable);
  }
  return [];
}

describe('configuration from the environment', () => {
  it('has working defaults for local development', () => {
    const config = loadConfig({});
    expect(config.env.PORT).toBe(3978);
    expect(config.teams.anonymous).toBe(true);
    expect(config.slack.mode).toBe('off');
  });

  it('names each wrong variable and says what is expected', () => {
    expect(problems({ PORT: 'abc' })).toEqual(['PORT']);
    expect(problems({ MONGODB_URI: 'postgres://x' })).toEqual(['MONGODB_URI']);
    expect(problems({ MICROSOFT_APP_ID: 'not-a-guid' })).toContain('MICROSOFT_APP_ID');
    expect(problems({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's' })).toEqual(['SLACK_BOT_TOKEN']);
    try {
      loadConfig({ MONGODB_URI: 'postgres://x' });
    } catch (error) {
      expect((error as Error).message).toMatch(/MONGODB_URI: expected a connection string starting with mongodb:\/\//);
      expect((error as Error).message).toMatch(/\.env\.example/);
    }
  });

  it('requires the rest of the Teams registration once an app id is given', () => {
    expect(problems({ MICROSOFT_APP_ID: '11111111-2222-4333-8444-555555555555' }).sort()).toEqual(['MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID']);
  });

  it('enables Slack only with complete secrets, in HTTP or Socket Mode', () => {
    expect(problems({ SLACK_SIGNING_SECRET: 'abc' })).toEqual(['SLACK_BOT_TOKEN']);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual(['SLACK_SIGNING_SECRET']);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack.mode).toBe('http');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toBe('socket');
  });

  it('never puts a secret into the loggable description', () => {
    const config = loadConfig({
      MICROSOFT_APP_ID: '11111111-2222-4333-8444-555555555555',
      MICROSOFT_APP_PASSWORD: 'very-secret-password',
      MICROSOFT_APP_TENANT_ID: '11111111-2222-4333-8444-555555555556',
      SLACK_BOT_TOKEN: 'xoxb-secret-token',
      SLACK_SIGNING_SECRET: 'signing-secret',
      MONGODB_URI: 'mongodb://user:dbpassword@db.example:27017/',
    });
    const text = JSON.stringify(describeConfig(config));
    for (const secret of ['very-secret-password', 'xoxb-secret-token', 'signing-secret', 'dbpassword']) expect(text).not.toContain(secret);
  });
});
