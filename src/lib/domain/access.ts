/**
 * Who may do what, as small pure decisions (STYLE.md rule 3). Routes and services ask `can()`;
 * nothing else in the code base compares roles.
 *
 * - Admins may do everything.
 * - Managers and facilitators create processes and workshops.
 * - A process is edited by whoever created it, by managers and by admins.
 * - A workshop is seen and edited by its facilitators, by managers and by admins. Anyone else is
 *   told it does not exist (404, RELIABILITY.md case 36), so ids cannot be probed.
 * - Only admins manage staff accounts, branches and services.
 * - A note or cluster is promoted to a proposal by the workshop's facilitators, managers and
 *   admins; a proposal is edited by them and by its owner; only managers and admins move it
 *   between stages (they answer for what the library invests in). For the same reason only they
 *   review the ranked list and its exports, rate proposals and set the priority score's weights.
 *
 * What each person may do inside one workshop, phase by phase (write, vote, run it), builds on
 * these rules in workshop/permissions.ts.
 */

/** Same values as the `users.role` column; repeated here because the domain never imports the schema. */
export type StaffRole = 'admin' | 'manager' | 'facilitator';

export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'manager', 'facilitator'];

export interface Actor {
	id: string;
	role: StaffRole;
}

interface Contexts {
	'process:create': undefined;
	'process:edit': { createdBy: string | null };
	'workshop:create': undefined;
	'workshop:view': { facilitatorIds: readonly string[] };
	'workshop:edit': { facilitatorIds: readonly string[] };
	'users:manage': undefined;
	'branches:manage': undefined;
	'services:manage': undefined;
	'proposal:promote': { facilitatorIds: readonly string[] };
	'proposal:edit': { facilitatorIds: readonly string[]; ownerId: string | null };
	'proposal:move': undefined;
	'proposals:review': undefined;
	'proposal:rate': undefined;
	'priority:weigh': undefined;
}

export type Action = keyof Contexts;

type ContextArgs<A extends Action> = Contexts[A] extends undefined ? [] : [context: Contexts[A]];

export function can<A extends Action>(
	actor: Actor | null | undefined,
	action: A,
	...[context]: ContextArgs<A>
): boolean {
	if (!actor) return false;
	if (actor.role === 'admin') return true;
	switch (action) {
		case 'process:create':
		case 'workshop:create':
			return actor.role === 'manager' || actor.role === 'facilitator';
		case 'process:edit':
			return (
				actor.role === 'manager' || (context as Contexts['process:edit']).createdBy === actor.id
			);
		case 'proposal:move':
		case 'proposals:review':
		case 'proposal:rate':
		case 'priority:weigh':
			return actor.role === 'manager';
		case 'proposal:edit':
			if ((context as Contexts['proposal:edit']).ownerId === actor.id) return true;
		// falls through: otherwise as for the workshop it came from
		case 'proposal:promote':
		case 'workshop:view':
		case 'workshop:edit':
			return (
				actor.role === 'manager' ||
				(context as Contexts['workshop:edit']).facilitatorIds.includes(actor.id)
			);
		default:
			// users:manage, branches:manage, services:manage: admins only (handled above).
			return false;
	}
}

export function isStaffRole(value: unknown): value is StaffRole {
	return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/**
 * An admin may not lock themself out: disabling their own account or giving it a lesser role would
 * leave them unable to undo it (and could leave the system with no admin at all).
 */
export function isSelfLockout(
	actor: Actor,
	targetId: string,
	change: { role: StaffRole } | { disabled: boolean }
): boolean {
	if (actor.id !== targetId) return false;
	if ('role' in change) return change.role !== actor.role;
	return change.disabled;
}

export type WorkshopReadAccess = 'allowed' | 'forbidden' | 'not-found';

/**
 * Who may read a workshop through the API (`GET /api/workshops/<id>`): its own participants, and
 * staff who may view it (its facilitators, managers, admins). Everyone else is refused the same way
 * whether it exists or not, so ids cannot be probed. Only staff who may view every workshop
 * (managers, admins) learn that an id does not exist: they could see it if it did, so the answer
 * tells them nothing more. A facilitator is refused alike for someone else's workshop and for none.
 */
export function workshopReadAccess(
	viewer: { actor: Actor | null; participant: boolean },
	workshop: { facilitatorIds: readonly string[] } | null
): WorkshopReadAccess {
	if (!workshop) {
		const seesEveryWorkshop = can(viewer.actor, 'workshop:view', { facilitatorIds: [] });
		return seesEveryWorkshop ? 'not-found' : 'forbidden';
	}
	if (viewer.participant) return 'allowed';
	return can(viewer.actor, 'workshop:view', workshop) ? 'allowed' : 'forbidden';
}
