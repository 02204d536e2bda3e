import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets and message bodies are redacted by path as a second line of defence; the first is
 * that code never logs them.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'kvalitetsbot' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          '*.password',
          '*.token',
          '*.secret',
          '*.text',
          '*.description',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
