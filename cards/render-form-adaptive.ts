/**
 * Renders a form definition to an Adaptive Card 1.5 for a Teams dialog (task module). Pure: same definition and
 * context, same JSON. Errors in `ctx.errors` appear right under their input, in the Attention colour, and the
 * values in `ctx.values` are kept.
 */
import {
  type DateTimeParts,
  type FieldOption,
  type FormDefinition,
  type FormField,
  type FormRenderContext,
  dateTimeParts,
  initialValue,
  localize,
  todayIn,
} from './form.js';
import { CONTEXT_KEY, FORM_KEY, TOKEN_KEY, adaptiveDateTimeIds } from './form-submission.js';
import { ActionIds } from '../domain/action-ids.js';
import { ACTION_KEY, escapeTeamsText, type AdaptiveCard } from './render-message.js';
import { inlineFormTexts, validationMessages } from './forms/messages.js';

type Element = Record<string, unknown>;

/** Above this many options a dropdown gets type-ahead filtering. */
const FILTER_THRESHOLD = 12;

function textBlock(text: string, extra: Element = {}): Element {
  return { type: 'TextBlock', text: escapeTeamsText(text), wrap: true, ...extra };
}

function helpBlock(text: string): Element {
  return textBlock(text, { size: 'Small', isSubtle: true, spacing: 'None' });
}

function errorBlock(text: string, fieldId: string): Element {
  return textBlock(text, { id: `${fieldId}__error`, color: 'Attention', size: 'Small', spacing: 'None' });
}

function choices(options: readonly FieldOption[]): Element[] {
  return options.map((o) => ({ title: o.label, value: o.value }));
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function dateTimeValue(value: unknown): DateTimeParts {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return dateTimeParts(value);
  if (value && typeof value === 'object') {
    const v = value as DateTimeParts;
    return { ...(typeof v.date === 'string' ? { date: v.date } : {}), ...(typeof v.time === 'string' ? { time: v.time } : {}) };
  }
  return {};
}

/** The input element(s) of one field. */
function inputs(field: FormField, ctx: FormRenderContext, errorMessage: string): Element[] {
  const value = initialValue(field, ctx);
  const common = { id: field.id, label: field.label, isRequired: field.required, ...(field.required ? { errorMessage } : {}) };
  const v = asString(value);
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return [
        {
          type: 'Input.Text',
          ...common,
          maxLength: field.maxLength,
          ...(field.kind === 'textarea' ? { isMultiline: true } : {}),
          ...(field.format === 'email' ? { style: 'email' } : field.format === 'phone' ? { style: 'tel' } : {}),
          ...(field.placeholder ? { placeholder: field.placeholder } : {}),
          ...(v !== undefined ? { value: v } : {}),
        },
      ];
    case 'date':
      return [
        {
          type: 'Input.Date',
          ...common,
          ...(field.notInFuture ? { max: todayIn(ctx.now) } : {}),
          ...(v !== undefined ? { value: v } : {}),
        },
      ];
    case 'time':
      return [{ type: 'Input.Time', ...common, ...(v !== undefined ? { value: v } : {}) }];
    case 'datetime': {
      const ids = adaptiveDateTimeIds(field.id);
      const parts = dateTimeValue(value);
      return [
        {
          type: 'ColumnSet',
          columns: [
            {
              type: 'Column',
              width: 'stretch',
              items: [
                {
                  type: 'Input.Date',
                  ...common,
                  id: ids.date,
                  ...(field.notInFuture ? { max: todayIn(ctx.now) } : {}),
                  ...(parts.date ? { value: parts.date } : {}),
                },
              ],
            },
            {
              type: 'Column',
              width: 'stretch',
              items: [
                {
                  type: 'Input.Time',
                  ...common,
                  id: ids.time,
                  label: field.timeLabel,
                  ...(parts.time ? { value: parts.time } : {}),
                },
              ],
            },
          ],
        },
      ];
    }
    case 'choice':
    case 'select':
    case 'rating': {
      const expanded = field.kind === 'choice' && field.style === 'radio';
      const filtered = !expanded && field.options.length > FILTER_THRESHOLD;
      const selected = v !== undefined && field.options.some((o) => o.value === v) ? v : undefined;
      return [
        {
          type: 'Input.ChoiceSet',
          ...common,
          style: expanded ? 'expanded' : filtered ? 'filtered' : 'compact',
          ...(field.placeholder && !expanded ? { placeholder: field.placeholder } : {}),
          choices: choices(field.options),
          ...(selected !== undefined ? { value: selected } : {}),
        },
      ];
    }
    case 'boolean':
      return [
        {
          type: 'Input.Toggle',
          id: field.id,
          label: field.label,
          title: field.title,
          valueOn: 'true',
          valueOff: 'false',
          value: value === true || value === 'true' ? 'true' : 'false',
        },
      ];
  }
}

function fieldBlocks(field: FormField, ctx: FormRenderContext): Element[] {
  const requiredText = localize(
    field.kind === 'choice' || field.kind === 'select' || field.kind === 'rating' ? validationMessages.requiredChoice : validationMessages.required,
    ctx.locale,
  );
  const blocks = inputs(field, ctx, requiredText);
  const error = ctx.errors?.[field.id];
  if (error) blocks.push(errorBlock(error, field.id));
  if (field.help) blocks.push(helpBlock(field.help));
  if ((field.kind === 'choice' || field.kind === 'select') && field.options.some((o) => o.help)) {
    for (const o of field.options) if (o.help) blocks.push(helpBlock(`**${o.label}:** ${o.help}`));
  }
  return blocks;
}

/**
 * Where the card is shown: `dialog` is a Teams dialog (task module, Action.Submit); `chat` is a card in the
 * conversation for clients that cannot open dialogs (Agents Playground): Universal Actions (Action.Execute), so the
 * bot answers the `adaptiveCard/action` invoke with the next card and the client replaces this one in place.
 */
export type FormHost = 'dialog' | 'chat';

/**
 * The Adaptive Card 1.5 of `def`. The submit action carries `{ kbAction, kbForm, kbToken }` (and `kbContext` when
 * `ctx.privateContext` is set); Teams merges the input values into the same object, for Action.Submit and
 * Action.Execute alike, so one parser reads both.
 */
export function renderFormAdaptive<V>(def: FormDefinition<V>, ctx: FormRenderContext, host: FormHost = 'dialog'): AdaptiveCard {
  const form = def.build(ctx);
  const body: Element[] = [];
  // A dialog has its own title bar; a card in the conversation needs the title in the card.
  if (host === 'chat') body.push(textBlock(form.title, { size: 'Medium', weight: 'Bolder' }));
  const errors = ctx.errors ?? {};
  if (Object.keys(errors).length > 0) {
    body.push(textBlock(localize(validationMessages.summary, ctx.locale), { color: 'Attention', weight: 'Bolder' }));
  }
  for (const paragraph of form.intro ?? []) body.push(textBlock(paragraph, { size: 'Small' }));
  for (const field of form.fields) {
    const blocks = fieldBlocks(field, ctx);
    // Each field in its own container so spacing stays even and the error sits with its input.
    body.push({ type: 'Container', id: `${field.id}__field`, spacing: 'Medium', items: blocks });
  }
  const data: Record<string, string> = { [ACTION_KEY]: def.submitActionId, [FORM_KEY]: def.id, [TOKEN_KEY]: ctx.token };
  if (ctx.privateContext && Object.keys(ctx.privateContext).length > 0) data[CONTEXT_KEY] = JSON.stringify(ctx.privateContext);
  const actions: Element[] =
    host === 'dialog'
      ? [{ type: 'Action.Submit', title: form.submitLabel, style: 'positive', data }]
      : [
          { type: 'Action.Execute', title: form.submitLabel, style: 'positive', verb: def.submitActionId, data },
          {
            type: 'Action.Execute',
            title: localize(inlineFormTexts.cancel, ctx.locale),
            verb: ActionIds.formInlineCancel,
            associatedInputs: 'none',
            data: { [ACTION_KEY]: ActionIds.formInlineCancel, [FORM_KEY]: def.id },
          },
        ];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions,
  };
}

/** The dialog title for the Teams task module response (`task.value.title`). */
export function formDialogTitle<V>(def: FormDefinition<V>, ctx: FormRenderContext): string {
  return def.build(ctx).title;
}
