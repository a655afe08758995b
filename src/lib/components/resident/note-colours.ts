import type { NoteColour } from '$lib/domain/board/schema';
import { m } from '$lib/paraglide/messages';

/** Paper colours of notes on a phone: light enough for --ink text to pass WCAG AA on each. */
export const NOTE_PAPER: Record<NoteColour, string> = {
	yellow: '#fff3b0',
	pink: '#ffdbe7',
	blue: '#d6ebff',
	green: '#d7f3dd',
	orange: '#ffe2c2',
	purple: '#e9ddff'
};

/** The swatch's ring, strong enough to be told apart from the page (WCAG 1.4.11). */
export const NOTE_EDGE: Record<NoteColour, string> = {
	yellow: '#b38a00',
	pink: '#c2456f',
	blue: '#2f6fb3',
	green: '#2f8548',
	orange: '#c0661a',
	purple: '#7350c0'
};

export function colourName(colour: NoteColour): string {
	switch (colour) {
		case 'yellow':
			return m.board_colour_yellow();
		case 'pink':
			return m.board_colour_pink();
		case 'blue':
			return m.board_colour_blue();
		case 'green':
			return m.board_colour_green();
		case 'orange':
			return m.board_colour_orange();
		case 'purple':
			return m.board_colour_purple();
	}
}

/** Whether a note was typed in by staff from a paper sheet (written under the `paper:` key). */
export function isFromPaper(key: string, note: object): boolean {
	return key.startsWith('paper:') || (note as { fromPaper?: unknown }).fromPaper === true;
}
