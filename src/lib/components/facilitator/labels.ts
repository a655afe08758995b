import type { NoteColour } from '$lib/domain/board/schema';
import { m } from '$lib/paraglide/messages';

/** A note colour in the facilitator's words. */
export function colourLabel(colour: NoteColour): string {
	switch (colour) {
		case 'yellow':
			return m.run_colour_yellow();
		case 'pink':
			return m.run_colour_pink();
		case 'blue':
			return m.run_colour_blue();
		case 'green':
			return m.run_colour_green();
		case 'orange':
			return m.run_colour_orange();
		case 'purple':
			return m.run_colour_purple();
	}
}
