/**
 * Who is in the workshop right now, read from the presence states of the control document
 * (`control:<workshopId>`). The server stamps each state with `user: { id, name, role }` from the
 * session (DESIGN.md §3); a client's own claims are never read. One person may have the workshop
 * open on several screens (two tabs, a phone and a laptop): each screen has its own presence, but
 * the person counts once.
 */

/** A person present on the workshop's screens, as the server stamped them. */
export interface Present {
	/** Who is behind the screens: `participant:<uuid>` or `user:<uuid>` (the server's writer id). */
	id: string;
	name: string;
	/** `participant` for residents, the staff role otherwise. */
	role: string;
}

/**
 * One entry per person, in the order their first screen appears. States without a complete
 * stamp (this screen's own state, which the server never echoes) are not people.
 */
export function presentPeople(states: Iterable<unknown>): Present[] {
	const people = new Map<string, Present>();
	for (const state of states) {
		const user = (state as { user?: Partial<Present> } | null)?.user;
		if (
			!user ||
			typeof user.id !== 'string' ||
			typeof user.name !== 'string' ||
			typeof user.role !== 'string'
		)
			continue;
		if (!people.has(user.id))
			people.set(user.id, { id: user.id, name: user.name, role: user.role });
	}
	return [...people.values()];
}

/** Whether a present person is a resident (a workshop participant) rather than staff. */
export function isResident(person: Present): boolean {
	return person.role === 'participant';
}
