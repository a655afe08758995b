import type { ClusterColour } from '$lib/domain/board/clusters';
import type { NoteColour } from '$lib/domain/board/schema';

/** Frame colours: strong enough for the label (white on it passes AA), tinted behind notes. */
export const CLUSTER_HEX: Record<ClusterColour, string> = {
	teal: '#0f766e',
	violet: '#6d28d9',
	amber: '#a16207',
	rose: '#be123c',
	sky: '#0369a1',
	lime: '#4d7c0f',
	slate: '#475569'
};

/** The same paper colours residents see on their phones (LiveBoard). */
export const NOTE_HEX: Record<NoteColour, string> = {
	yellow: '#fff7c2',
	pink: '#ffe0ea',
	blue: '#dceeff',
	green: '#ddf5e2',
	orange: '#ffe6cc',
	purple: '#ece2ff'
};
