// Who may do what. Admins and PMs come from configuration (user IDs, a PM user
// group) and from the UserRole table; everyone else is a reporter. Every PM
// action calls `authorize` first; a refusal is audited here and names the role
// it needed, and the caller changes nothing.
import type { Config } from '../config.js';
import { appendAudit, type Db } from '../store/audit.js';
import { grantedRole, grantRole, revokeRole } from '../store/roles.js';
import { ActionError } from './errors.js';

export type Role = 'admin' | 'pm' | 'reporter';

/** Every action that needs a role, with what it needs and how a refusal describes it. */
export const ACTIONS = {
  promote: { role: 'pm', what: 'promote clusters to the backlog' },
  'backlog.link': { role: 'pm', what: 'link clusters to backlog items' },
  'backlog.status': { role: 'pm', what: 'change backlog status' },
  merge: { role: 'pm', what: 'merge clusters' },
  unmerge: { role: 'pm', what: 'unmerge clusters' },
  relabel: { role: 'pm', what: 'relabel clusters' },
  dismiss: { role: 'pm', what: 'dismiss clusters' },
  'item.tag': { role: 'pm', what: 'tag unclassified items' },
  'taxonomy.keyword': { role: 'pm', what: 'add keywords to the taxonomy' },
  'digest.subscribe': { role: 'pm', what: 'subscribe channels to the digest' },
  'channel.watch': { role: 'pm', what: 'watch channels' },
  'role.grant': { role: 'admin', what: 'grant roles' },
  'role.revoke': { role: 'admin', what: 'revoke roles' },
} as const satisfies Record<string, { role: Role; what: string }>;

export type ActionName = keyof typeof ACTIONS;

/** Actors named `cli:<name>` are operators with shell access to the database: they act as admins. */
export const isOperator = (actorId: string): boolean => actorId.startsWith('cli:');

const rank: Record<Role, number> = { reporter: 0, pm: 1, admin: 2 };

export interface RoleConfig {
  FRONTLINE_ADMINS: string[];
  FRONTLINE_PMS: string[];
  FRONTLINE_PM_USERGROUP?: string | undefined;
}

export interface RolesOptions {
  /** Members of a Slack user group (`usergroups.users.list`), from the Slack shell. */
  usergroupMembers?: (groupId: string) => Promise<string[]>;
  now?: () => Date;
  /** How long a user group's membership is trusted before asking again. */
  usergroupTtlMs?: number;
}

export class Roles {
  private groupCache: { members: Set<string>; at: number } | undefined;

  constructor(
    private readonly db: Db,
    private readonly config: RoleConfig | Config,
    private readonly options: RolesOptions = {},
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async roleOf(userId: string): Promise<Role> {
    if (isOperator(userId) || this.config.FRONTLINE_ADMINS.includes(userId)) return 'admin';
    const granted = await grantedRole(this.db, userId);
    if (granted === 'admin') return 'admin';
    if (granted === 'pm' || this.config.FRONTLINE_PMS.includes(userId)) return 'pm';
    if (await this.inPmGroup(userId)) return 'pm';
    return 'reporter';
  }

  private async inPmGroup(userId: string): Promise<boolean> {
    const group = this.config.FRONTLINE_PM_USERGROUP;
    if (!group || !this.options.usergroupMembers) return false;
    const ttl = this.options.usergroupTtlMs ?? 5 * 60_000;
    const now = this.now().getTime();
    if (!this.groupCache || now - this.groupCache.at > ttl) {
      try {
        this.groupCache = { members: new Set(await this.options.usergroupMembers(group)), at: now };
      } catch {
        // Slack unreachable: keep the last known membership rather than lock PMs out.
        if (!this.groupCache) return false;
      }
    }
    return this.groupCache.members.has(userId);
  }

  /**
   * Throws ActionError('forbidden') naming the role required, after auditing the
   * refusal; returns the actor's role when allowed (the caller audits the change).
   */
  async authorize(actorId: string, action: ActionName, subject: string): Promise<Role> {
    const role = await this.roleOf(actorId);
    const needed = ACTIONS[action].role;
    if (rank[role] >= rank[needed]) return role;
    const message =
      needed === 'admin'
        ? `Only admins can ${ACTIONS[action].what}. Nothing was changed.`
        : `Only PMs and admins can ${ACTIONS[action].what}. Nothing was changed; an admin can give you the PM role with \`/feedback role @you pm\`.`;
    await appendAudit(this.db, { actorId, action, subject, allowed: false, detail: `requires ${needed}`, at: this.now() });
    throw new ActionError('forbidden', message);
  }

  /** `/feedback role @user pm|admin|reporter` (reporter removes a granted role). Admins only. */
  async setRole(actorId: string, userId: string, role: Role): Promise<void> {
    const action = role === 'reporter' ? 'role.revoke' : 'role.grant';
    await this.authorize(actorId, action, `user:${userId}`);
    const before = (await grantedRole(this.db, userId)) ?? 'reporter';
    if (role === 'reporter') await revokeRole(this.db, userId);
    else await grantRole(this.db, userId, role, actorId);
    await appendAudit(this.db, { actorId, action, subject: `user:${userId}`, before: { role: before }, after: { role }, at: this.now() });
    this.groupCache = undefined;
  }
}
