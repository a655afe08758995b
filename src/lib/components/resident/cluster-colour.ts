import { NOTE_COLOURS } from '$lib/domain/board/schema';
import type { NoteColour } from '$lib/domain/board/schema';
import { NOTE_EDGE } from './note-colours';

/**
 * A cluster's stripe colour. The canvas stores a note colour name or a CSS hex colour; anything
 * else (a value we cannot vouch for inside a style) falls back to the brand colour.
 */
export function clusterStripe(colour: string | null): string {
	if (colour && (NOTE_COLOURS as readonly string[]).includes(colour)) {
		return NOTE_EDGE[colour as NoteColour];
	}
	if (colour && /^#[0-9a-f]{3,8}$/i.test(colour)) return colour;
	return 'var(--brand)';
}
