/**
 * A workshop's life: draft ("in preparation": people with the code may already join and wait for
 * the start) → live (under way; residents join with the code) → closed (joins refused with 410,
 * the outcomes stay). It only moves forward, one step at a time, so a code that was announced as
 * closed never comes back to life.
 */
export type WorkshopStatus = 'draft' | 'live' | 'closed';

export const WORKSHOP_STATUSES: readonly WorkshopStatus[] = ['draft', 'live', 'closed'];

export function isWorkshopStatus(value: unknown): value is WorkshopStatus {
	return typeof value === 'string' && (WORKSHOP_STATUSES as readonly string[]).includes(value);
}

/** The one status a workshop can move to next, or null once it is closed. */
export function nextStatus(status: WorkshopStatus): WorkshopStatus | null {
	if (status === 'draft') return 'live';
	if (status === 'live') return 'closed';
	return null;
}

export function canChangeStatus(from: WorkshopStatus, to: WorkshopStatus): boolean {
	return nextStatus(from) === to;
}

/** Closing cannot be undone and ends residents' access, so the person must confirm it. */
export function needsConfirmation(to: WorkshopStatus): boolean {
	return to === 'closed';
}
