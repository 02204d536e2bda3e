import type { MessageAction, MessageChart, MessageView } from '../domain/view.js';

/** An Adaptive Card 1.5 object (plain JSON). */
export type AdaptiveCard = { type: 'AdaptiveCard'; version: '1.5'; $schema?: string; body: unknown[]; actions?: unknown[] } & Record<string, unknown>;

/** Key under which every Action.Submit carries its action id; the Teams handler routes on it. */
export const ACTION_KEY = 'kbAction';

const ZWSP = '\u200b';
// Every pattern in escapeTeamsText needs one of these: most texts have none and are returned as they are.
const MAY_NEED_ESCAPING = /[\]<:]|www\./i;

/**
 * Teams renders Markdown in TextBlock and FactSet text, so a reporter's "[Logga in](https://…)" would become a live
 * link in a manager's dialog. Product texts carry no markup and links come only from the product's own buttons, so
 * every string put into a card is neutralised here: link and image syntax, autolinks, bare URLs and `www.` are
 * broken by an invisible zero-width space. Backslash escapes are not used: Teams clients render them differently.
 * Bold and italic markers stay as typed (cosmetic only).
 */
export function escapeTeamsText(text: string): string {
  if (!MAY_NEED_ESCAPING.test(text)) return text;
  return text
    .replace(/\](?=[(\[:])/g, `]${ZWSP}`)
    .replace(/<(?=[a-z][a-z0-9+.-]*:|\/|!)/gi, `<${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`)
    .replace(/\b(mailto|tel|javascript|data|file|ftp|msteams|sip|callto):/gi, `$1${ZWSP}:`);
}

function adaptiveAction(action: MessageAction): Record<string, unknown> {
  if (action.kind === 'url') return { type: 'Action.OpenUrl', title: action.label, url: action.url };
  return {
    type: 'Action.Submit',
    title: action.label,
    ...(action.style ? { style: action.style === 'danger' ? 'destructive' : 'positive' } : {}),
    data: {
      [ACTION_KEY]: action.id,
      ...(action.data ?? {}),
      ...(action.opensDialog ? { msteams: { type: 'task/fetch' } } : {}),
    },
  };
}

const cell = (v: number | null | undefined) => (v === null || v === undefined ? '–' : String(v));

/** The chart's numbers as text: "jan: 4 (3)" — the fallback, the Slack rendering and what screen readers get. */
export function chartRows(chart: MessageChart): Array<{ label: string; value: string }> {
  return chart.labels.map((label, i) => ({
    label,
    value: chart.series.map((s, j) => (j === 0 ? cell(s.values[i]) : `(${s.name}: ${cell(s.values[i])})`)).join(' '),
  }));
}

function adaptiveChart(chart: MessageChart): Record<string, unknown> {
  return {
    type: 'Chart.VerticalBar.Grouped',
    title: chart.title,
    data: chart.series.map((s) => ({ legend: s.name, values: chart.labels.map((x, i) => ({ x, y: s.values[i] ?? 0 })) })),
    fallback: {
      type: 'Container',
      items: [
        { type: 'TextBlock', text: chart.title, weight: 'Bolder', wrap: true },
        { type: 'FactSet', facts: chartRows(chart).map((r) => ({ title: r.label, value: r.value })) },
      ],
    },
  };
}

export function renderMessageAdaptive(view: MessageView): AdaptiveCard {
  const e = escapeTeamsText;
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: e(view.title),
      size: 'Medium',
      weight: 'Bolder',
      wrap: true,
      ...(view.tone === 'warning' ? { color: 'Attention' } : view.tone === 'good' ? { color: 'Good' } : {}),
    },
  ];
  for (const paragraph of view.text ?? []) body.push({ type: 'TextBlock', text: e(paragraph), wrap: true });
  if (view.facts?.length) {
    body.push({ type: 'FactSet', facts: view.facts.map((f) => ({ title: e(f.label), value: e(f.value) })) });
  }
  for (const item of view.list ?? []) {
    // A row that opens a dialog gets a visible button (a dialog cannot open from a row's selectAction everywhere).
    const button = item.action?.kind === 'submit' && item.action.opensDialog;
    body.push({
      type: 'Container',
      separator: true,
      items: [
        { type: 'TextBlock', text: e(item.title), weight: 'Bolder', wrap: true },
        ...(item.detail ? [{ type: 'TextBlock', text: e(item.detail), wrap: true, isSubtle: true, spacing: 'None' }] : []),
        ...(button ? [{ type: 'ActionSet', actions: [adaptiveAction(item.action!)] }] : []),
      ],
      ...(item.action && item.action.kind === 'submit' && !button ? { selectAction: adaptiveAction(item.action) } : {}),
    });
  }
  for (const chart of view.charts ?? []) {
    body.push(adaptiveChart({ ...chart, title: e(chart.title), labels: chart.labels.map(e), series: chart.series.map((x) => ({ ...x, name: e(x.name) })) }));
  }
  if (view.footnote) body.push({ type: 'TextBlock', text: e(view.footnote), size: 'Small', isSubtle: true, wrap: true });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(view.actions?.length ? { actions: view.actions.map(adaptiveAction) } : {}),
  };
}

/** Slack mrkdwn needs &, < and > escaped; user-provided strings must never become links or mentions. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackButton(action: MessageAction): Record<string, unknown> {
  if (action.kind === 'url') {
    return { type: 'button', text: { type: 'plain_text', text: action.label.slice(0, 75) }, url: action.url, action_id: `url.${action.url}`.slice(0, 255) };
  }
  return {
    type: 'button',
    text: { type: 'plain_text', text: action.label.slice(0, 75), emoji: true },
    action_id: action.id,
    value: JSON.stringify(action.data ?? {}).slice(0, 2000),
    ...(action.style ? { style: action.style } : {}),
  };
}

export interface SlackMessage {
  /** Notification/fallback text. */
  text: string;
  blocks: Record<string, unknown>[];
}

export function renderMessageBlocks(view: MessageView): SlackMessage {
  const prefix = view.tone === 'warning' ? ':warning: ' : view.tone === 'good' ? ':white_check_mark: ' : '';
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${prefix}*${escapeSlack(view.title)}*` } },
  ];
  for (const paragraph of view.text ?? []) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeSlack(paragraph) } });
  }
  if (view.facts?.length) {
    // Slack allows at most 10 fields per section.
    for (let i = 0; i < view.facts.length; i += 10) {
      blocks.push({
        type: 'section',
        fields: view.facts.slice(i, i + 10).map((f) => ({ type: 'mrkdwn', text: `*${escapeSlack(f.label)}*\n${escapeSlack(f.value)}` })),
      });
    }
  }
  for (const item of view.list ?? []) {
    const text = `*${escapeSlack(item.title)}*${item.detail ? `\n${escapeSlack(item.detail)}` : ''}`;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text },
      ...(item.action ? { accessory: slackButton(item.action) } : {}),
    });
  }
  for (const chart of view.charts ?? []) {
    const rows = chartRows(chart);
    const width = Math.max(...rows.map((r) => r.label.length), 4);
    const table = rows.map((r) => `${r.label.padEnd(width)}  ${r.value}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlack(chart.title)}*\n\`\`\`${escapeSlack(table)}\`\`\`` } });
  }
  if (view.actions?.length) {
    blocks.push({ type: 'actions', elements: view.actions.slice(0, 25).map(slackButton) });
  }
  if (view.footnote) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(view.footnote) }] });
  return { text: view.title, blocks };
}
