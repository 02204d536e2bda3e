/**
 * Cards for Teams clients that cannot open dialogs (the Microsoft 365 Agents Playground; Bot Framework channels other
 * than Teams). A button that would open a dialog (Action.Submit with `msteams.type = task/fetch`) becomes a Universal
 * Action (Action.Execute): the client sends an `adaptiveCard/action` invoke, the bot answers with the form as a card
 * and the client shows it in place of the card that was clicked. Pure: JSON in, JSON out.
 */
import { ACTION_KEY, type AdaptiveCard } from './render-message.js';

type Node = Record<string, unknown>;

function opensDialog(node: Node): boolean {
  const data = node.data as Node | undefined;
  const msteams = data?.msteams as Node | undefined;
  return node.type === 'Action.Submit' && msteams?.type === 'task/fetch' && typeof data?.[ACTION_KEY] === 'string';
}

function toExecute(node: Node): Node {
  const { msteams: _dialog, ...data } = node.data as Node;
  const { data: _old, type: _type, ...rest } = node;
  return { ...rest, type: 'Action.Execute', verb: data[ACTION_KEY] as string, data };
}

function walk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(walk);
  if (!value || typeof value !== 'object') return value;
  const node = value as Node;
  if (opensDialog(node)) return toExecute(node);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
}

/** The same card with every dialog-opening button turned into an Action.Execute with the action id as verb. */
export function withoutDialogs(card: AdaptiveCard): AdaptiveCard {
  return walk(card) as AdaptiveCard;
}

/**
 * For clients that may or may not open dialogs: a card whose only button opens a dialog (a form launcher) also
 * gets "show the form here" as a Universal Action, so a person whose Teams client cannot open the dialog can ask
 * for the form in the conversation instead.
 */
export function withChatFallback(card: AdaptiveCard, label: string): AdaptiveCard {
  const actions = (card.actions ?? []) as Node[];
  if (actions.length !== 1 || !opensDialog(actions[0]!)) return card;
  const { style: _style, ...fallback } = toExecute(actions[0]!);
  return { ...card, actions: [...actions, { ...fallback, title: label }] };
}
