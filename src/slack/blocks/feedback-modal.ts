// The `/feedback` modal: the text (required), then optional product, branch,
// channel type and customer impact. Pure: view JSON in, submitted values out.
import type { types } from '@slack/bolt';
import { channelTypes, type ChannelType } from '../../intake/channel-type.js';
import type { ProductChoice } from '../deps.js';
import { VIEWS } from '../surfaces.js';

/** block_id / action_id of each field; the submission parser reads the same ids. */
export const FIELDS = {
  text: 'feedback_text',
  product: 'feedback_product',
  branch: 'feedback_branch',
  channelType: 'feedback_channel_type',
  impact: 'feedback_impact',
} as const;

export const TEXT_MAX = 3000;

const CHANNEL_TYPE_NAMES: Record<ChannelType, string> = {
  branch: 'Branch',
  contact_centre: 'Contact centre',
  app_review: 'App review',
  social: 'Social media',
  other: 'Other',
};

export const IMPACTS = {
  one: 'One customer',
  several: 'Several customers',
  many: 'Many customers',
  blocking: 'Customers cannot complete a task',
} as const;

/** Where to confirm once the modal is filed: the channel the command came from. */
export interface ModalContext {
  channelId?: string | undefined;
}

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text, emoji: true });
const option = (value: string, text: string): types.PlainTextOption => ({ value, text: plain(text.slice(0, 75)) });

export function feedbackModal(products: readonly ProductChoice[], context: ModalContext = {}, initialText = ''): types.ModalView {
  const blocks: types.KnownBlock[] = [
    {
      type: 'input',
      block_id: FIELDS.text,
      label: plain('What did the customer say?'),
      hint: plain('Customer data (card numbers, IDs, phone numbers…) is removed before it is stored.'),
      element: {
        type: 'plain_text_input',
        action_id: FIELDS.text,
        multiline: true,
        max_length: TEXT_MAX,
        ...(initialText ? { initial_value: initialText.slice(0, TEXT_MAX) } : {}),
      },
    },
  ];
  if (products.length > 0) {
    blocks.push({
      type: 'input',
      block_id: FIELDS.product,
      optional: true,
      label: plain('Product'),
      element: {
        type: 'static_select',
        action_id: FIELDS.product,
        placeholder: plain('Choose a product'),
        options: products.slice(0, 100).map((p) => option(p.id, p.name)),
      },
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: FIELDS.branch,
      optional: true,
      label: plain('Branch'),
      element: { type: 'plain_text_input', action_id: FIELDS.branch, max_length: 100 },
    },
    {
      type: 'input',
      block_id: FIELDS.channelType,
      optional: true,
      label: plain('Where did the customer raise it?'),
      element: {
        type: 'static_select',
        action_id: FIELDS.channelType,
        options: channelTypes.names.map((c) => option(c, CHANNEL_TYPE_NAMES[c])),
      },
    },
    {
      type: 'input',
      block_id: FIELDS.impact,
      optional: true,
      label: plain('Customer impact'),
      element: {
        type: 'static_select',
        action_id: FIELDS.impact,
        options: Object.entries(IMPACTS).map(([value, text]) => option(value, text)),
      },
    },
  );
  return {
    type: 'modal',
    callback_id: VIEWS.feedback,
    title: plain('Customer feedback'),
    submit: plain('File'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify(context),
    blocks,
  };
}

export interface ModalSubmission {
  text: string;
  product?: string | undefined;
  branch?: string | undefined;
  channelType?: ChannelType | undefined;
  customerImpact?: string | undefined;
  context: ModalContext;
}

type StateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>>;

/** Reads a submitted view; unknown or missing fields are simply absent. */
export function readSubmission(view: { state?: { values?: unknown }; private_metadata?: string }): ModalSubmission {
  const values = (view.state?.values ?? {}) as StateValues;
  const input = (field: string) => {
    const v = values[field]?.[field]?.value;
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const selected = (field: string) => {
    const v = values[field]?.[field]?.selected_option?.value;
    return typeof v === 'string' && v ? v : undefined;
  };
  return {
    text: input(FIELDS.text) ?? '',
    product: selected(FIELDS.product),
    branch: input(FIELDS.branch),
    channelType: channelTypes.parse(selected(FIELDS.channelType)),
    customerImpact: selected(FIELDS.impact),
    context: parseContext(view.private_metadata),
  };
}

function parseContext(metadata: string | undefined): ModalContext {
  try {
    const parsed = JSON.parse(metadata ?? '{}') as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as ModalContext).channelId === 'string') {
      return { channelId: (parsed as ModalContext).channelId };
    }
  } catch {
    // A view we did not build, or edited metadata: no confirmation channel.
  }
  return {};
}
