import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../ops/logger.js';
import { resolveMongoUri } from '../../storage/mongo.js';

/**
 * The server a benchmark measures: the same one the app and the CLI use (MONGODB_URI, else the development database
 * on MONGODB_DATA_DIR, found running or started for the run). Benchmarks make their own databases on it.
 */
export async function benchmarkServer(): Promise<{ uri: string; stop: () => Promise<void> }> {
  const config = loadConfig();
  const say = (m: string) => process.stderr.write(`${m}\n`);
  const { uri, dev } = await resolveMongoUri(config, createLogger('warn', process.stderr), { info: say, warn: say });
  return { uri, stop: async () => void (dev?.owned ? await dev.stop() : undefined) };
}
