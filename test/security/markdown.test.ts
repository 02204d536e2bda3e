import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDetailsView } from '../../cards/case-details.js';
import { escapeTeamsText, renderMessageAdaptive } from '../../cards/render-message.js';
import { AvvikelseService } from '../../domain/avvikelser/flows.js';
import { caseDeps, people } from '../domain/cases/support.js';
import { openTestDb } from '../support/mongo.js';
import { collect } from '../cards/support/fixtures.js';

/**
 * A reporter's text must never become a link in the manager's Teams dialog: every markdown link form, an
 * autolink, a bare URL and www. are neutralised; the only links in a card are the product's own buttons.
 */
const HOSTILE = [
  '[Logga in](https://evil.example/login)',
  '![bild](https://evil.example/p.png)',
  '[ref][1]\n\n[1]: https://evil.example/ref',
  '<https://evil.example/auto>',
  'Se https://evil.example/bare och www.evil.example',
  '[mejla](mailto:chef@evil.example) [ring](tel:+46701234567) [x](javascript:alert(1))',
];
// What a Markdown renderer would turn into a link.
const LINKISH = /\]\(|\]\[|\]:|<[a-z][a-z0-9+.-]*:|[a-z]:\/\/|\bwww\.|\b(?:mailto|tel|javascript):/i;

let env: Awaited<ReturnType<typeof openTestDb>>;
beforeAll(async () => {
  env = await openTestDb('markdown');
});
afterAll(async () => env?.close());

describe('Teams markdown injection', () => {
  it('escapeTeamsText leaves nothing a renderer would link, and reads the same to a person', () => {
    for (const text of HOSTILE) {
      const out = escapeTeamsText(text);
      expect(out, text).not.toMatch(LINKISH);
      expect(out.replace(/\u200b/g, '')).toBe(text);
    }
  });

  it("the manager's details dialog shows the reporter's text as text: no link but the product's own", async () => {
    const deps = await caseDeps(env.db, new Date('2026-04-07T08:00:00Z'));
    const avvikelser = new AvvikelseService(deps);
    const created = await avvikelser.submit({ ...people.mona, channel: 'teams', channelUserId: '29:mona' }, {
      token: 'markdown-1-abcdef',
      type: 'avvikelse',
      unitId: 'boende-a',
      occurredAt: new Date('2026-04-07T06:30:00Z'),
      location: HOSTILE[0]!,
      description: HOSTILE.join(' '),
      immediateActions: HOSTILE[4]!,
      konsekvens: 2,
      sannolikhet: 2,
      informed: 'ja',
      improvement: HOSTILE[5]!,
    });
    const details = await avvikelser.viewDetails(created.case._id, people.anna);
    const card = renderMessageAdaptive(caseDetailsView(details));
    const texts = [
      ...collect(card, (o) => o.type === 'TextBlock').map((b) => String(b.text)),
      ...collect(card, (o) => o.type === 'FactSet').flatMap((f) => (f.facts as Array<{ title: string; value: string }>).flatMap((x) => [x.title, x.value])),
    ];
    const joined = texts.join('\n');
    expect(joined.replace(/\u200b/g, '')).toContain('[Logga in](https://evil.example/login)'); // shown, as text
    for (const t of texts) expect(t, t).not.toMatch(LINKISH);
    const urls = collect(card, (o) => o.type === 'Action.OpenUrl').map((a) => String(a.url));
    for (const url of urls) expect(url).not.toMatch(/evil\.example/);
  });
});
