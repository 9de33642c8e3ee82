// Bolt's HTTPReceiver with two additions: bodies that cannot be Slack requests
// get a clear 400 (see payload-guard.ts), and requests nobody acknowledged are
// logged at warn without a stack.
import { HTTPModuleFunctions, HTTPReceiver, type App, type HTTPReceiverOptions, type ReceiverEvent } from '@slack/bolt';
import { payloadProblem } from './payload-guard.js';

export class MalformedPayloadError extends Error {
  override readonly name = 'MalformedPayloadError';
}

export class GuardedHTTPReceiver extends HTTPReceiver {
  private readonly warn: (message: string) => void;

  constructor(options: HTTPReceiverOptions) {
    super({
      ...options,
      processEventErrorHandler: async (args) => {
        if (args.error instanceof MalformedPayloadError) {
          args.logger.warn(`Rejected a malformed request: ${args.error.message}`);
          if (!args.response.headersSent) {
            args.response.writeHead(400, { 'content-type': 'application/json' });
            args.response.end(JSON.stringify({ ok: false, error: 'malformed_payload', detail: args.error.message }));
          }
          return true;
        }
        return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
      },
    });
    this.warn = (message) => options.logger?.warn(message);
  }

  override init(app: App): void {
    const guarded = {
      processEvent: async (event: ReceiverEvent) => {
        // Slack tells us it dropped events (over 30,000 an hour): acknowledge and say so; nothing to file.
        if ((event.body as { type?: unknown }).type === 'app_rate_limited') {
          this.warn(`Slack rate-limited our Events API subscription (minute_rate_limited ${String((event.body as { minute_rate_limited?: unknown }).minute_rate_limited)}); some events were not delivered`);
          await event.ack();
          return;
        }
        const problem = payloadProblem(event.body);
        if (problem) throw new MalformedPayloadError(problem);
        return app.processEvent(event);
      },
    };
    super.init(guarded as unknown as App);
  }
}
