/**
 * The development database by hand: `npm run db -- install` builds (or installs) it into the cache once, with
 * progress; `npm run db -- status` says what runs on MONGODB_DATA_DIR. `npm start`, the CLI and `npm test` start
 * and stop it themselves; this is for CI's install step and for the curious.
 */
import { loadConfig } from '../config/env.js';
import { installSecantus, runningDevDatabase, secantusKind } from '../ops/dev-database.js';

const log = { info: (m: string) => console.log(m), warn: (m: string) => console.warn(m) };
const config = loadConfig();
const command = process.argv[2] ?? 'status';

if (command === 'install') {
  const wanted = config.mongo.devServer;
  const kind = wanted === 'secantus-rs' || wanted === 'secantus-py' ? wanted : secantusKind();
  console.log(`ready: ${await installSecantus(kind, log)}`);
} else if (command === 'status') {
  const running = await runningDevDatabase(config.mongo.dataDir);
  console.log(running ? `${running.kind} ${running.version} on ${running.uri} (data in ${config.mongo.dataDir})` : `no development database runs on ${config.mongo.dataDir}`);
} else {
  console.error('usage: npm run db -- install|status');
  process.exit(2);
}
