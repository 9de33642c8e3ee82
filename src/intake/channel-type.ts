// Where the customer raised it. Staff write these many ways; map them to one.
export type ChannelType = 'branch' | 'contact_centre' | 'app_review' | 'social' | 'other';

const synonyms: Record<string, ChannelType> = {
  branch: 'branch',
  teller: 'branch',
  分行: 'branch',
  contact_centre: 'contact_centre',
  contact_center: 'contact_centre',
  'contact centre': 'contact_centre',
  'contact center': 'contact_centre',
  call_centre: 'contact_centre',
  call_center: 'contact_centre',
  'call centre': 'contact_centre',
  'call center': 'contact_centre',
  phone: 'contact_centre',
  客服: 'contact_centre',
  app_review: 'app_review',
  'app review': 'app_review',
  app_store: 'app_review',
  social: 'social',
  social_media: 'social',
  'social media': 'social',
  other: 'other',
};

export const channelTypes = {
  names: ['branch', 'contact_centre', 'app_review', 'social', 'other'] as ChannelType[],
  /** The canonical channel type, or undefined when the name is unknown. */
  parse(name: string | undefined): ChannelType | undefined {
    if (name === undefined) return undefined;
    return synonyms[name.trim().toLowerCase()];
  },
};
