// Bolt's HTTPReceiver with two additions: bodies that cannot be Slack requests
// get a clear 400 (see payload-guard.ts), and requests nobody acknowledged are
// logged at warn without a stack.
import { HTTPModuleFunctions, HTTPReceiver, type App, type HTTPReceiverOptions, type ReceiverEvent } from '@slack/bolt';
import { payloadProblem } from './payload-guard.js';

export class MalformedPayloadError extends Error {
  override readonly name = 'MalformedPayloadError';
}

export class GuardedHTTPReceiver extends HTTPReceiver {
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
  }

  override init(app: App): void {
    const guarded = {
      processEvent: async (event: ReceiverEvent) => {
        const problem = payloadProblem(event.body);
        if (problem) throw new MalformedPayloadError(problem);
        return app.processEvent(event);
      },
    };
    super.init(guarded as unknown as App);
  }
}
