/**
 * The modal a person submitted, shown again with what they typed (Slack sends the entered state beside the view,
 * not inside it) and a notice on top. Used when the form cannot be rendered afresh, e.g. the database that lists
 * the units is the thing that failed: the text must survive that.
 */
type Block = Record<string, any>;
type StateValues = Record<string, Record<string, Record<string, any>>>;

/** The fields `views.update` accepts; a submitted view also carries ids, hash and state. */
const VIEW_FIELDS = ['type', 'callback_id', 'title', 'submit', 'close', 'private_metadata', 'clear_on_close', 'notify_on_close', 'external_id'] as const;

/** Our own blocks that describe the previous answer, not the form. */
const OWN_BLOCKS = /^form__(errors|notice|saving|saved)$|__error$/;

function withInitial(element: Block, state: Record<string, any> | undefined): Block {
  if (!state) return element;
  const { initial_value: _v, initial_option: _o, initial_options: _os, initial_date: _d, initial_time: _t, initial_date_time: _dt, ...rest } = element;
  const sameOption = (value: unknown) => {
    const all = [...(element.options ?? []), ...(element.option_groups ?? []).flatMap((g: Block) => g.options ?? [])];
    return all.find((o: Block) => o.value === value);
  };
  switch (state.type) {
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return typeof state.value === 'string' && state.value ? { ...rest, initial_value: state.value } : rest;
    case 'static_select':
    case 'radio_buttons': {
      const o = sameOption(state.selected_option?.value);
      return o ? { ...rest, initial_option: o } : rest;
    }
    case 'checkboxes': {
      const os = (state.selected_options ?? []).map((s: Block) => sameOption(s.value)).filter(Boolean);
      return os.length ? { ...rest, initial_options: os } : rest;
    }
    case 'datepicker':
      return state.selected_date ? { ...rest, initial_date: state.selected_date } : rest;
    case 'timepicker':
      return state.selected_time ? { ...rest, initial_time: state.selected_time } : rest;
    case 'datetimepicker':
      return typeof state.selected_date_time === 'number' ? { ...rest, initial_date_time: state.selected_date_time } : rest;
    default:
      return element;
  }
}

export function noticeBlock(notice: string): Block {
  return { type: 'section', block_id: 'form__notice', text: { type: 'mrkdwn', text: `:warning: *${notice.replace(/[<>&]/g, '')}*` } };
}

/** `view` as submitted, with the entered values as initial values and `notice` at the top. */
export function keptView(view: Record<string, any>, values: StateValues, notice: string): Record<string, unknown> {
  const blocks = ((view.blocks ?? []) as Block[])
    .filter((b) => !OWN_BLOCKS.test(String(b.block_id ?? '')))
    .map((b) => (b.type === 'input' && b.element ? { ...b, element: withInitial(b.element, values[b.block_id]?.[b.element.action_id]) } : b));
  const kept: Record<string, unknown> = {};
  for (const key of VIEW_FIELDS) if (view[key] !== undefined) kept[key] = view[key];
  return { ...kept, blocks: [noticeBlock(notice), ...blocks] };
}
