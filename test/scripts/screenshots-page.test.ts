import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCatalogue, type Catalogue } from '../../scripts/screenshots/catalogue.js';
import { collect, validateAdaptiveCard } from '../cards/support/fixtures.js';

/**
 * What scripts/screenshots.ts renders, checked without a browser (CI has no Chromium): every card is built from
 * the product's builders, parses in the official object model without a warning, and the docs show exactly the
 * pictures the script makes.
 */
const root = path.resolve(import.meta.dirname, '../..');
let catalogue: Catalogue;
beforeAll(async () => {
  catalogue = await buildCatalogue();
});

describe('screenshot catalogue', () => {
  it('builds every listed card (none skipped for a missing module)', () => {
    expect(catalogue.skipped).toEqual([]);
    expect(catalogue.shots.length).toBeGreaterThan(0);
    expect(new Set(catalogue.shots.map((s) => s.name)).size).toBe(catalogue.shots.length);
  });

  it('gives the renderer only cards it parses without a warning', () => {
    for (const shot of catalogue.shots) {
      expect(validateAdaptiveCard(shot.card).messages, shot.name).toEqual([]);
      expect(shot.caption.length, shot.name).toBeGreaterThan(10);
      if (shot.frame === 'dialog') expect(shot.dialogTitle, shot.name).toBeTruthy();
    }
  });

  it('shows the personnummer error under "Vad hände?" with the text kept, as the real parser produced it', () => {
    const shot = catalogue.shots.find((s) => s.name === 'formular-avvikelse-fel')!;
    const field = collect(shot.card, (o) => o.id === 'description__field')[0]!;
    const items = field.items as Array<Record<string, unknown>>;
    expect(items[0]).toMatchObject({ type: 'Input.Text', id: 'description' });
    expect(String(items[0]!.value)).toContain('19121212-1212');
    expect(items[1]).toMatchObject({ type: 'TextBlock', color: 'Attention', id: 'description__error' });
    expect(String(items[1]!.text)).toMatch(/personnummer/);
    // Only that field is wrong: no other error blocks.
    expect(collect(shot.card, (o) => typeof o.id === 'string' && o.id.endsWith('__error')).map((o) => o.id)).toEqual(['description__error']);
  });

  it('crops only to texts that exist in the card', () => {
    for (const shot of catalogue.shots.filter((s) => s.crop)) {
      const texts = collect(shot.card, (o) => typeof o.text === 'string' || typeof o.label === 'string').map((o) => String(o.text ?? o.label));
      expect(texts.some((t) => t.startsWith(shot.crop!.from)), `${shot.name} from`).toBe(true);
      expect(texts.some((t) => t.startsWith(shot.crop!.to)), `${shot.name} to`).toBe(true);
    }
  });

  it('loads nothing from the network in the page', () => {
    const html = readFileSync(path.join(root, 'scripts/screenshots/page.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(['/adaptivecards.min.js']);
    expect(html).not.toMatch(/<link\b|@import|url\(|(?:src|href)="(?:https?:)?\/\//);
  });

  it('keeps docs and pictures in step: every embedded picture is made by the script, every picture is used', () => {
    const docs = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md'));
    const embedded = new Set<string>();
    for (const doc of docs) {
      for (const m of readFileSync(path.join(root, 'docs', doc), 'utf8').matchAll(/\]\(images\/([a-z0-9-]+)\.png\)/g)) embedded.add(m[1]!);
    }
    const names = new Set(catalogue.shots.map((s) => s.name));
    expect([...embedded].filter((n) => !names.has(n))).toEqual([]);
    const onDisk = readdirSync(path.join(root, 'docs/images')).filter((f) => f.endsWith('.png')).map((f) => f.slice(0, -4));
    expect(onDisk.filter((n) => !names.has(n))).toEqual([]);
    expect([...names].filter((n) => !embedded.has(n))).toEqual([]);
  });
});
