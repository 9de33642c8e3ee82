// `/feedback role @user pm|admin|reporter`: an admin grants or removes a role
// (reporter removes a granted one). Audited by Roles.setRole, refusals too.
// The caller (feedback.ts) has already acked; the answer is private.
import type { SlashCommand } from '@slack/bolt';
import { ActionError } from '../../actions/errors.js';
import type { Role } from '../../actions/roles.js';
import { plainMessage } from '../blocks/confirmation.js';
import type { PmContext } from '../actions/service.js';

export const ROLE_USAGE = 'Usage: `/feedback role @user pm|admin|reporter` (admins only; `reporter` removes a granted role).';

/** `role <@U123|name> pm` → user and role; a string is a usage problem. */
export function parseRoleCommand(text: string): { userId: string; role: Role } | string {
  const m = /^role\s+<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s+(pm|admin|reporter)\s*$/i.exec(text.trim());
  if (!m) return ROLE_USAGE;
  return { userId: m[1]!, role: m[2]!.toLowerCase() as Role };
}

export async function roleCommand(ctx: PmContext, command: SlashCommand, text: string): Promise<void> {
  const target = { userId: command.user_id, responseUrl: command.response_url, channelId: command.channel_id };
  const say = (t: string) => ctx.replies.privately(target, plainMessage(t));
  if (!ctx.pm) return say('Roles are not available in this installation.');
  const parsed = parseRoleCommand(text);
  if (typeof parsed === 'string') return say(parsed);
  try {
    await ctx.pm.roles.setRole(command.user_id, parsed.userId, parsed.role);
  } catch (error) {
    if (error instanceof ActionError) return say(error.message);
    throw error;
  }
  await say(parsed.role === 'reporter' ? `<@${parsed.userId}> no longer has a granted role.` : `<@${parsed.userId}> is now ${parsed.role === 'pm' ? 'a PM' : 'an admin'} in Frontline.`);
}
