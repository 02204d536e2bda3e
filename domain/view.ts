/**
 * A channel-neutral message: what the bot posts in a chat. Rendered by `render-message.ts` to an Adaptive Card 1.5
 * (Teams) and to Slack Block Kit. Carries no client details: case number, unit, type, status and dates only.
 */
export interface MessageFact {
  label: string;
  value: string;
}

export type MessageAction =
  | {
      kind: 'submit';
      /** One of `ActionIds`. */
      id: string;
      label: string;
      /** Opaque references only (e.g. a case id); the server re-checks everything. */
      data?: Record<string, string>;
      style?: 'primary' | 'danger';
      /** The action opens a dialog: a Teams task module (task/fetch) or a Slack modal (views.open). */
      opensDialog?: boolean;
    }
  | { kind: 'url'; label: string; url: string };

export interface MessageListItem {
  title: string;
  detail?: string;
  action?: MessageAction;
}

/** A bar chart: Teams draws it (Adaptive Card chart element), every other host shows the table fallback. */
export interface MessageChart {
  title: string;
  labels: string[];
  /** One or two series, e.g. this year and last year. Null = hidden (small group) or no data. */
  series: Array<{ name: string; values: Array<number | null> }>;
}

export interface MessageView {
  title: string;
  /** Short paragraphs of plain text (no markup). */
  text?: string[];
  facts?: MessageFact[];
  list?: MessageListItem[];
  actions?: MessageAction[];
  charts?: MessageChart[];
  /** A small grey line at the end, e.g. a source or a privacy note. */
  footnote?: string;
  /** Shown as a warning colour in both channels. */
  tone?: 'default' | 'warning' | 'good';
}
