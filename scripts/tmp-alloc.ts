import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { teamsActivity } from '../test/support/fake-teams-connector.js';
import { startTestApp } from '../test/support/test-app.js';

const t = await startTestApp({ env: { SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'warn' } });
const email = 'mia.medarbetare@exempel.se';
t.teams.members.set('29:aad-mia', { id: '29:aad-mia', aadObjectId: 'aad-mia', name: 'Mia', email, userPrincipalName: email });
let seq = 0;
const say = async (text: string) => {
  const activity = teamsActivity(t.teams.url, { id: `turn-${++seq}`, text, from: { id: '29:aad-mia', name: 'Mia', aadObjectId: 'aad-mia' }, conversation: { id: 'a:personal-mia', conversationType: 'personal', tenantId: 'tenant-1' } });
  const res = await fetch(`${t.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await res.arrayBuffer();
};
const text = process.argv[2] ?? 'vem ansvarar för lex Maria?';
for (let i = 0; i < 200; i++) await say(text);
const s = new Session(); s.connect();
await s.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
const n = 500;
for (let i = 0; i < n; i++) await say(text);
const { profile } = (await s.post('HeapProfiler.stopSampling')) as any;
writeFileSync('/tmp/alloc/profile.json', JSON.stringify(profile));
// aggregate self size by function and inclusive
const self = new Map<string, number>(); const incl = new Map<string, number>();
let total = 0;
const walk = (node: any, stack: string[]) => {
  const cf = node.callFrame; const key = `${cf.functionName || '(anon)'} ${String(cf.url).replace(/.*node_modules\//, 'nm/').replace(/.*kb-perf-teams\//, '')}:${cf.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + node.selfSize); total += node.selfSize;
  const st = stack.includes(key) ? stack : [...stack, key];
  for (const k of new Set(st)) incl.set(k, (incl.get(k) ?? 0) + node.selfSize);
  for (const c of node.children) walk(c, st);
};
walk(profile.head, []);
const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([a, b]) => `${(b / n / 1024).toFixed(1).padStart(8)} KB/turn  ${a}`).join('\n');
console.log(`"${text}": allocated ~${(total / n / 1024).toFixed(0)} KB per turn (sampled, incl. the fake connector and client in this process)`);
console.log('--- self\n' + top(self, 30));
console.log('--- inclusive (app)\n' + [...incl].filter(([k]) => /^\S+ (bot|cards|domain|storage|ops|wiring|app)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40).map(([a, b]) => `${(b / n / 1024).toFixed(1).padStart(8)} KB/turn  ${a}`).join('\n'));
await t.stop();
process.exit(0);
