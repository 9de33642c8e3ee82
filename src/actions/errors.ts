// Why an action did not happen, in words a PM can act on. Slack handlers show
// `message` ephemerally (or inline in a modal for `invalid`); the CLI prints it as one line.
export type ActionErrorCode = 'forbidden' | 'not_found' | 'invalid' | 'conflict' | 'stale';

export class ActionError extends Error {
  constructor(
    readonly code: ActionErrorCode,
    message: string,
    /** For `invalid`: a message per modal block ID, for `response_action: errors`. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ActionError';
  }
}
