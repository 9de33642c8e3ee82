// The Fix tags modal a reporter opens from a confirmation: product and issue
// selects, pre-filled with the item's current tags. Pure: view JSON in,
// chosen labels out.
import type { types } from '@slack/bolt';
import type { ProductChoice } from '../deps.js';
import { VIEWS } from '../surfaces.js';

export const FIX_FIELDS = { product: 'fix_product', issue: 'fix_issue' } as const;

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text, emoji: true });
const option = (c: ProductChoice): types.PlainTextOption => ({ value: c.id, text: plain(c.name.slice(0, 75)) });

export function fixTagsModal(
  itemId: number,
  choices: { products: readonly ProductChoice[]; issues: readonly ProductChoice[] },
  current: { product?: string; issue?: string },
  context: { channelId?: string | undefined } = {},
): types.ModalView {
  const select = (field: string, label: string, options: readonly ProductChoice[], initial?: string): types.InputBlock => {
    const opts = options.slice(0, 100).map(option);
    const initialOption = opts.find((o) => o.value === initial);
    return {
      type: 'input',
      block_id: field,
      optional: true,
      label: plain(label),
      element: { type: 'static_select', action_id: field, placeholder: plain(`Choose ${label.toLowerCase()}`), options: opts, ...(initialOption ? { initial_option: initialOption } : {}) },
    };
  };
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `Correct the tags of item *#${itemId}*. Your correction teaches the classifier.` } }];
  if (choices.products.length > 0) blocks.push(select(FIX_FIELDS.product, 'Product', choices.products, current.product));
  if (choices.issues.length > 0) blocks.push(select(FIX_FIELDS.issue, 'Issue', choices.issues, current.issue));
  return {
    type: 'modal',
    callback_id: VIEWS.fixTags,
    title: plain('Fix tags'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify({ itemId, channelId: context.channelId }),
    blocks,
  };
}

type StateValues = Record<string, Record<string, { selected_option?: { value?: string } | null }>>;

export function readFixTags(view: { state?: { values?: unknown }; private_metadata?: string }): { itemId?: number; channelId?: string; product?: string; issue?: string } {
  const values = (view.state?.values ?? {}) as StateValues;
  const selected = (field: string) => {
    const v = values[field]?.[field]?.selected_option?.value;
    return typeof v === 'string' && v ? v : undefined;
  };
  let meta: { itemId?: unknown; channelId?: unknown } = {};
  try {
    meta = JSON.parse(view.private_metadata ?? '{}') as typeof meta;
  } catch {
    meta = {};
  }
  const product = selected(FIX_FIELDS.product);
  const issue = selected(FIX_FIELDS.issue);
  return {
    ...(Number.isSafeInteger(meta.itemId) ? { itemId: meta.itemId as number } : {}),
    ...(typeof meta.channelId === 'string' ? { channelId: meta.channelId } : {}),
    ...(product ? { product } : {}),
    ...(issue ? { issue } : {}),
  };
}
