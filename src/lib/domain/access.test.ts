import { describe, expect, it } from 'vitest';
import { can, isSelfLockout, isStaffRole, workshopReadAccess } from './access';
import type { Actor } from './access';

const admin: Actor = { id: 'a', role: 'admin' };
const manager: Actor = { id: 'm', role: 'manager' };
const facilitator: Actor = { id: 'f', role: 'facilitator' };
const colleague: Actor = { id: 'g', role: 'facilitator' };

describe('can', () => {
	it('lets nobody do anything without a signed-in staff member', () => {
		expect(can(null, 'process:create')).toBe(false);
		expect(can(undefined, 'workshop:view', { facilitatorIds: [] })).toBe(false);
	});

	it('lets admins do everything', () => {
		expect(can(admin, 'users:manage')).toBe(true);
		expect(can(admin, 'branches:manage')).toBe(true);
		expect(can(admin, 'services:manage')).toBe(true);
		expect(can(admin, 'process:edit', { createdBy: 'someone-else' })).toBe(true);
		expect(can(admin, 'workshop:edit', { facilitatorIds: [] })).toBe(true);
	});

	it('lets managers and facilitators create processes and workshops', () => {
		for (const actor of [manager, facilitator]) {
			expect(can(actor, 'process:create')).toBe(true);
			expect(can(actor, 'workshop:create')).toBe(true);
		}
	});

	it('lets a workshop be seen and edited by its facilitators and by managers, not by colleagues', () => {
		const workshop = { facilitatorIds: ['f'] };
		expect(can(facilitator, 'workshop:edit', workshop)).toBe(true);
		expect(can(facilitator, 'workshop:view', workshop)).toBe(true);
		expect(can(manager, 'workshop:edit', workshop)).toBe(true);
		expect(can(colleague, 'workshop:edit', workshop)).toBe(false);
		expect(can(colleague, 'workshop:view', workshop)).toBe(false);
	});

	it('lets a process be edited by its creator and by managers', () => {
		expect(can(facilitator, 'process:edit', { createdBy: 'f' })).toBe(true);
		expect(can(colleague, 'process:edit', { createdBy: 'f' })).toBe(false);
		expect(can(colleague, 'process:edit', { createdBy: null })).toBe(false);
		expect(can(manager, 'process:edit', { createdBy: 'f' })).toBe(true);
	});

	it('keeps staff accounts, branches and services to admins', () => {
		for (const actor of [manager, facilitator]) {
			expect(can(actor, 'users:manage')).toBe(false);
			expect(can(actor, 'branches:manage')).toBe(false);
			expect(can(actor, 'services:manage')).toBe(false);
		}
	});
});

describe('isSelfLockout', () => {
	it('stops an admin from disabling or demoting their own account', () => {
		expect(isSelfLockout(admin, 'a', { disabled: true })).toBe(true);
		expect(isSelfLockout(admin, 'a', { role: 'manager' })).toBe(true);
	});

	it('lets an admin keep their own role, and change anyone else', () => {
		expect(isSelfLockout(admin, 'a', { role: 'admin' })).toBe(false);
		expect(isSelfLockout(admin, 'a', { disabled: false })).toBe(false);
		expect(isSelfLockout(admin, 'm', { disabled: true })).toBe(false);
		expect(isSelfLockout(admin, 'm', { role: 'facilitator' })).toBe(false);
	});
});

describe('isStaffRole', () => {
	it('accepts the three roles and nothing else', () => {
		expect(['admin', 'manager', 'facilitator'].every(isStaffRole)).toBe(true);
		for (const bad of ['Admin', 'root', '', null, 1]) expect(isStaffRole(bad)).toBe(false);
	});
});

describe('workshopReadAccess', () => {
	const workshop = { facilitatorIds: ['f1'] };
	const facilitator = (id: string) => ({ id, role: 'facilitator' as const });

	it('lets the workshop’s participants, its facilitators, managers and admins read it', () => {
		expect(workshopReadAccess({ actor: null, participant: true }, workshop)).toBe('allowed');
		expect(workshopReadAccess({ actor: facilitator('f1'), participant: false }, workshop)).toBe(
			'allowed'
		);
		for (const role of ['manager', 'admin'] as const) {
			expect(workshopReadAccess({ actor: { id: 'x', role }, participant: false }, workshop)).toBe(
				'allowed'
			);
		}
	});

	it('refuses a facilitator of other workshops and anyone else', () => {
		expect(workshopReadAccess({ actor: facilitator('f2'), participant: false }, workshop)).toBe(
			'forbidden'
		);
		expect(workshopReadAccess({ actor: null, participant: false }, workshop)).toBe('forbidden');
	});

	it('tells managers and admins, and only them, that an id does not exist', () => {
		for (const role of ['manager', 'admin'] as const) {
			expect(workshopReadAccess({ actor: { id: 'x', role }, participant: false }, null)).toBe(
				'not-found'
			);
		}
		expect(workshopReadAccess({ actor: null, participant: false }, null)).toBe('forbidden');
		expect(workshopReadAccess({ actor: null, participant: true }, null)).toBe('forbidden');
	});

	it('refuses a facilitator alike for someone else’s workshop and for one that does not exist', () => {
		const viewer = { actor: facilitator('f2'), participant: false };
		expect(workshopReadAccess(viewer, workshop)).toBe('forbidden');
		expect(workshopReadAccess(viewer, null)).toBe('forbidden');
	});
});

describe('proposals', () => {
	const facilitator = (id: string) => ({ id, role: 'facilitator' as const });
	const manager = { id: 'm', role: 'manager' as const };
	const admin = { id: 'a', role: 'admin' as const };
	const workshop = { facilitatorIds: ['f1'] };

	it('lets the workshop’s facilitators, managers and admins promote, and nobody else', () => {
		expect(can(facilitator('f1'), 'proposal:promote', workshop)).toBe(true);
		expect(can(manager, 'proposal:promote', workshop)).toBe(true);
		expect(can(admin, 'proposal:promote', workshop)).toBe(true);
		expect(can(facilitator('f2'), 'proposal:promote', workshop)).toBe(false);
		expect(can(null, 'proposal:promote', workshop)).toBe(false);
	});

	it('lets the owner edit too, even without the workshop', () => {
		expect(can(facilitator('f2'), 'proposal:edit', { ...workshop, ownerId: 'f2' })).toBe(true);
		expect(can(facilitator('f2'), 'proposal:edit', { ...workshop, ownerId: null })).toBe(false);
		expect(can(facilitator('f1'), 'proposal:edit', { ...workshop, ownerId: 'f2' })).toBe(true);
		expect(can(manager, 'proposal:edit', { facilitatorIds: [], ownerId: null })).toBe(true);
	});

	it('lets only managers and admins move proposals, review, rate and weigh them', () => {
		expect(can(manager, 'proposal:move')).toBe(true);
		expect(can(admin, 'proposal:move')).toBe(true);
		expect(can(facilitator('f1'), 'proposal:move')).toBe(false);
		expect(can(undefined, 'proposal:move')).toBe(false);
		for (const action of ['proposals:review', 'proposal:rate', 'priority:weigh'] as const) {
			expect(can(manager, action)).toBe(true);
			expect(can(admin, action)).toBe(true);
			expect(can(facilitator('f1'), action)).toBe(false);
			expect(can(null, action)).toBe(false);
		}
	});
});
