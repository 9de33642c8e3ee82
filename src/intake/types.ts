// What every intake surface hands to the pipeline, and what it gets back.
import type { TriageResult } from '../triage/types.js';
import type { ChannelType } from './channel-type.js';

export type IntakeSource =
  | 'slash_command'
  | 'modal'
  | 'shortcut'
  | 'watched_channel'
  | 'reaction'
  | 'dm'
  | 'mention'
  | 'import'
  | 'demo';

export interface SlackOrigin {
  teamId?: string | undefined;
  channelId?: string | undefined;
  messageTs?: string | undefined;
  threadTs?: string | undefined;
  permalink?: string | undefined;
}

export interface IntakeRequest {
  /** Idempotency key: the same key filed twice is one item. See intakeKeys. */
  intakeKey: string;
  source: IntakeSource;
  /** The text as the user wrote it; redacted before it is stored. */
  text: string;
  receivedAt: Date;
  reporterId?: string | undefined;
  authorId?: string | undefined;
  branch?: string | undefined;
  region?: string | undefined;
  channelType?: ChannelType | undefined;
  customerImpact?: string | undefined;
  /** A product the reporter chose: stored as a human tag. */
  product?: string | undefined;
  slack?: SlackOrigin | undefined;
}

export interface ClusterSummary {
  id: number;
  title: string;
  /** Items in the cluster this ISO week (UTC), including this one. */
  weekItems: number;
  /** Distinct branches among them. */
  weekBranches: number;
  totalItems: number;
}

export interface IntakeOutcome {
  itemId: number;
  /** False when the intake key was already stored (a retry or a second capture). */
  created: boolean;
  /** 'triaged', or 'failed' when it was stored and waits for a retry. */
  status: 'triaged' | 'failed';
  triage: TriageResult;
  cluster: ClusterSummary | null;
}

/** Intake keys: the same Slack message captured by any surface is one item. */
export const intakeKeys = {
  slackMessage: (teamId: string | undefined, channelId: string, ts: string) => `slack:${teamId ?? '-'}:${channelId}:${ts}`,
  /** A text typed straight into Frontline (slash command, modal): one per Slack trigger. */
  slackTrigger: (triggerOrEventId: string) => `slack-trigger:${triggerOrEventId}`,
  imported: (id: string) => `import:${id}`,
};
