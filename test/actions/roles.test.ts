import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Roles } from '../../src/actions/roles.js';
import { ActionError } from '../../src/actions/errors.js';
import { readAudit } from '../../src/store/audit.js';
import { ADMIN, NOW, PM, STAFF, testDb, type TestDb } from './support.js';

let db: TestDb;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => db.cleanup());

const config = { FRONTLINE_ADMINS: [ADMIN], FRONTLINE_PMS: [PM], FRONTLINE_PM_USERGROUP: 'SPMGROUP1' };

describe('roles', () => {
  it('takes admins and PMs from configuration, the PM user group and granted roles; everyone else is a reporter', async () => {
    let lookups = 0;
    const roles = new Roles(db.store.prisma, config, {
      now: () => NOW,
      usergroupMembers: async (group) => {
        lookups++;
        return group === 'SPMGROUP1' ? ['UGROUPPM1'] : [];
      },
    });
    expect(await roles.roleOf(ADMIN)).toBe('admin');
    expect(await roles.roleOf(PM)).toBe('pm');
    expect(await roles.roleOf('UGROUPPM1')).toBe('pm');
    expect(await roles.roleOf(STAFF)).toBe('reporter');
    expect(await roles.roleOf('cli:ops')).toBe('admin');
    expect(lookups).toBe(1); // the group's membership is cached

    await roles.setRole(ADMIN, STAFF, 'pm');
    expect(await roles.roleOf(STAFF)).toBe('pm');
    await roles.setRole(ADMIN, STAFF, 'reporter');
    expect(await roles.roleOf(STAFF)).toBe('reporter');
  });

  it('refuses a non-admin granting roles, names the role required, changes nothing and audits the refusal', async () => {
    const roles = new Roles(db.store.prisma, config, { now: () => NOW });
    const error = await roles.setRole(PM, STAFF, 'pm').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).code).toBe('forbidden');
    expect((error as ActionError).message).toMatch(/Only admins can grant roles/);
    expect(await roles.roleOf(STAFF)).toBe('reporter');
    const audit = await readAudit(db.store.prisma, { limit: 10 });
    expect(audit).toEqual([
      expect.objectContaining({ actor: PM, action: 'role.grant', subject: `user:${STAFF}`, allowed: false }),
    ]);
  });

  it('refuses a reporter a PM action with a message naming the PM role', async () => {
    const roles = new Roles(db.store.prisma, config, { now: () => NOW });
    await expect(roles.authorize(STAFF, 'promote', 'cluster:1')).rejects.toThrow(/Only PMs and admins can promote clusters/);
    await expect(roles.authorize(PM, 'promote', 'cluster:1')).resolves.toBe('pm');
  });

  it('keeps the audit log append-only', async () => {
    const roles = new Roles(db.store.prisma, config, { now: () => NOW });
    await roles.setRole(ADMIN, STAFF, 'pm');
    await expect(db.store.prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(db.store.prisma.auditLog.updateMany({ data: { actorId: 'x' } })).rejects.toThrow(/append-only/);
    const entries = await readAudit(db.store.prisma, { limit: 10 });
    expect(entries[0]).toMatchObject({ actor: ADMIN, action: 'role.grant', before: { role: 'reporter' }, after: { role: 'pm' } });
  });
});
