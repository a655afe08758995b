/**
 * Who may read a workshop's details (title, agenda, phases): its own participants and any signed-in
 * staff member. Staff learn that an id does not exist (404); everyone else gets the same refusal
 * whether or not it exists (403), so that ids cannot be probed.
 */
export interface WorkshopViewer {
	/** A signed-in member of staff, whatever their role. */
	staff: boolean;
	/** A participant of this very workshop (which therefore exists). */
	participant: boolean;
}

export type WorkshopAccess = 'allowed' | 'forbidden' | 'not-found';

export function workshopAccess(viewer: WorkshopViewer, exists: boolean): WorkshopAccess {
	if (viewer.staff) return exists ? 'allowed' : 'not-found';
	return viewer.participant && exists ? 'allowed' : 'forbidden';
}
