// The backlog lifecycle: new → planned → in_progress → shipped | declined.
// Forward moves may skip steps (a quick fix goes new → shipped). In-progress work
// may go back to planned (re-prioritised). Reopening IS allowed: a shipped item
// (the fix regressed) or a declined one (the decision was reversed) goes back to
// `planned`, and reporters hear about it like any other change.
import { BACKLOG_STATUSES, type BacklogStatus } from '../store/backlog.js';

const NEXT: Record<BacklogStatus, readonly BacklogStatus[]> = {
  new: ['planned', 'in_progress', 'shipped', 'declined'],
  planned: ['in_progress', 'shipped', 'declined'],
  in_progress: ['planned', 'shipped', 'declined'],
  shipped: ['planned'],
  declined: ['planned'],
};

export const STATUS_LABEL: Record<BacklogStatus, string> = {
  new: 'New',
  planned: 'Planned',
  in_progress: 'In progress',
  shipped: 'Shipped',
  declined: 'Declined',
};

export function isBacklogStatus(value: string): value is BacklogStatus {
  return (BACKLOG_STATUSES as readonly string[]).includes(value);
}

/** Accepts `in progress`, `in-progress`, `In_Progress`… */
export function parseStatus(text: string): BacklogStatus | undefined {
  const norm = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return isBacklogStatus(norm) ? norm : undefined;
}

export function allowedNext(from: BacklogStatus): readonly BacklogStatus[] {
  return NEXT[from];
}

/** Undefined when the move is allowed, else why not (one line, with what is possible). */
export function transitionProblem(from: string, to: BacklogStatus): string | undefined {
  if (!isBacklogStatus(from)) return `its current status '${from}' is unknown`;
  if (from === to) return `it is already ${STATUS_LABEL[to].toLowerCase()}`;
  if (NEXT[from].includes(to)) return undefined;
  return `it cannot go from ${STATUS_LABEL[from].toLowerCase()} to ${STATUS_LABEL[to].toLowerCase()}; from ${STATUS_LABEL[from].toLowerCase()} it can go to ${NEXT[from].map((s) => STATUS_LABEL[s].toLowerCase()).join(', ')}`;
}

export const isReopen = (from: string, to: BacklogStatus): boolean =>
  (from === 'shipped' || from === 'declined') && to === 'planned';
