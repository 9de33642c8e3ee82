// The confirmation's Fix tags button opens a modal; its submission stores the
// reporter's correction as human labels, audited (TagFixer). Refusals and
// stale items are answered in the modal or privately; nothing changes.
import type { App, BlockButtonAction } from '@slack/bolt';
import { ActionError } from '../../actions/errors.js';
import { FIX_TAGS_ACTION, plainMessage } from '../blocks/confirmation.js';
import { FIX_FIELDS, fixTagsModal, readFixTags } from '../blocks/fix-tags.js';
import type { SurfaceContext } from '../context.js';
import { VIEWS } from '../surfaces.js';

export function registerFixTags(app: App, ctx: SurfaceContext): void {
  app.action<BlockButtonAction>(FIX_TAGS_ACTION, async ({ ack, body, action }) => {
    await ack();
    const userId = body.user.id;
    const channelId = body.channel?.id ?? body.container?.channel_id;
    const itemId = Number(action.value);
    const target = { userId, responseUrl: body.response_url, channelId };
    ctx.background.run('fix_tags_open', { user: userId, itemId }, async () => {
      const fixer = ctx.tagFixer;
      const current = Number.isSafeInteger(itemId) && fixer ? await fixer.current(itemId) : null;
      if (!fixer || !current) {
        await ctx.replies.privately(target, plainMessage(`Item #${action.value} no longer exists.`));
        return;
      }
      await ctx.api.openView({
        trigger_id: body.trigger_id,
        view: fixTagsModal(itemId, { products: ctx.settings.products, issues: ctx.settings.issues ?? [] }, current, { channelId }),
      });
    });
  });

  app.view(VIEWS.fixTags, async ({ ack, view, body }) => {
    const fix = readFixTags(view);
    const fixer = ctx.tagFixer;
    if (fix.itemId === undefined || !fixer) {
      await ack({ response_action: 'errors', errors: { [FIX_FIELDS.product]: 'This form is out of date; open Fix tags again.' } });
      return;
    }
    if (!fix.product && !fix.issue) {
      await ack({ response_action: 'errors', errors: { [FIX_FIELDS.product]: 'Choose a product or an issue.' } });
      return;
    }
    const userId = body.user.id;
    // Saved before the ack (a few ms), so a refusal can be shown in the modal itself.
    try {
      await fixer.fix(userId, fix.itemId, { product: fix.product, issue: fix.issue });
    } catch (error) {
      if (error instanceof ActionError) {
        await ack({ response_action: 'errors', errors: { [FIX_FIELDS.product]: error.message.slice(0, 150) } });
        return;
      }
      throw error;
    }
    await ack();
    const chosen = [fix.product && `product *${fix.product}*`, fix.issue && `issue *${fix.issue}*`].filter(Boolean).join(' and ');
    ctx.background.run('fix_tags_saved', { user: userId, itemId: fix.itemId }, () =>
      ctx.replies.privately({ userId, channelId: fix.channelId }, plainMessage(`:pencil2: Item #${fix.itemId} is now tagged ${chosen}. Thank you: Frontline learns from corrections.`)),
    );
  });
}
