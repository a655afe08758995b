import { NOTE_COLOURS } from '$lib/domain/board/schema';
import type { NoteColour } from '$lib/domain/board/schema';
import { isClusterColour } from '$lib/domain/board/clusters';
import { CLUSTER_HEX } from '../canvas/colours';
import { NOTE_EDGE } from './note-colours';

/**
 * A cluster's stripe colour: the same as its frame on the facilitator's canvas (a cluster colour
 * name), a note colour name or a CSS hex colour; anything else (a value we cannot vouch for inside
 * a style) falls back to the brand colour.
 */
export function clusterStripe(colour: string | null): string {
	if (isClusterColour(colour)) return CLUSTER_HEX[colour];
	if (colour && (NOTE_COLOURS as readonly string[]).includes(colour)) {
		return NOTE_EDGE[colour as NoteColour];
	}
	if (colour && /^#[0-9a-f]{3,8}$/i.test(colour)) return colour;
	return 'var(--brand)';
}
