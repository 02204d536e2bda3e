import { describe, expect, it } from 'vitest';
import { keptView } from '../../../bot/slack/kept-view.js';

/** The form shown again after a failed save must carry what the person typed, whatever the database can tell us. */
describe('keptView', () => {
  const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
  const submitted = {
    id: 'V1',
    hash: 'h',
    state: { values: {} },
    type: 'modal',
    callback_id: 'avvikelse.report.modal',
    title: { type: 'plain_text', text: 'Rapportera' },
    submit: { type: 'plain_text', text: 'Skicka' },
    close: { type: 'plain_text', text: 'Avbryt' },
    private_metadata: '{"t":"f_abc"}',
    blocks: [
      { type: 'section', block_id: 'form__notice', text: { type: 'mrkdwn', text: 'old notice' } },
      { type: 'input', block_id: 'description', element: { type: 'plain_text_input', action_id: 'description', initial_value: 'old' } },
      { type: 'context', block_id: 'description__error', elements: [{ type: 'mrkdwn', text: 'old error' }] },
      { type: 'input', block_id: 'unitId', element: { type: 'static_select', action_id: 'unitId', options: [option('u1'), option('u2')] } },
      { type: 'input', block_id: 'occurredAt', element: { type: 'datetimepicker', action_id: 'occurredAt' } },
      { type: 'input', block_id: 'type', element: { type: 'radio_buttons', action_id: 'type', options: [option('avvikelse'), option('lex_sarah')] } },
    ],
  };
  const values = {
    description: { description: { type: 'plain_text_input', value: 'Vatten på golvet' } },
    unitId: { unitId: { type: 'static_select', selected_option: { value: 'u2' } } },
    occurredAt: { occurredAt: { type: 'datetimepicker', selected_date_time: 1_790_000_000 } },
    type: { type: { type: 'radio_buttons', selected_option: { value: 'unknown' } } },
  };

  it('puts the entered values back, the notice on top, the submission key kept, and only view fields Slack accepts', () => {
    const view = keptView(submitted, values, 'Ingenting är sparat.') as any;
    expect(view.blocks[0]).toMatchObject({ block_id: 'form__notice', text: { text: ':warning: *Ingenting är sparat.*' } });
    expect(view.blocks.filter((b: any) => b.block_id === 'form__notice')).toHaveLength(1);
    expect(view.blocks.some((b: any) => b.block_id === 'description__error')).toBe(false);
    const el = (id: string) => view.blocks.find((b: any) => b.block_id === id).element;
    expect(el('description').initial_value).toBe('Vatten på golvet');
    expect(el('unitId').initial_option).toEqual(option('u2'));
    expect(el('occurredAt').initial_date_time).toBe(1_790_000_000);
    expect(el('type').initial_option).toBeUndefined(); // an option the form does not have is not invented
    expect(view.private_metadata).toBe('{"t":"f_abc"}');
    expect(view).not.toHaveProperty('id');
    expect(view).not.toHaveProperty('hash');
    expect(view).not.toHaveProperty('state');
  });
});
