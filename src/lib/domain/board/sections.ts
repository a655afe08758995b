/**
 * A board's sections (empathy-map quadrants, free-canvas areas) as its `meta.sections` holds them:
 * `[{ id, label }]`, ordered, written by staff when the board is created from a template.
 */

export interface Section {
	/** Stored in each note's `section`. */
	id: string;
	/** Shown on screen, in the language the board was created in. */
	label: string;
}

/** The empathy map's sections, for a board created before sections were stored in its meta. */
export const EMPATHY_SECTION_IDS = ['says', 'thinks', 'does', 'feels', 'pains', 'gains'] as const;

const SECTION_ID = /^[a-z0-9-]{1,40}$/;

/** The valid sections of a `meta.sections` value; anything malformed is left out. */
export function readSections(value: unknown): Section[] {
	if (!Array.isArray(value)) return [];
	const seen = new Set<string>();
	const sections: Section[] = [];
	for (const item of value) {
		if (typeof item !== 'object' || item === null) continue;
		const { id, label } = item as Record<string, unknown>;
		if (typeof id !== 'string' || !SECTION_ID.test(id) || seen.has(id)) continue;
		seen.add(id);
		sections.push({ id, label: typeof label === 'string' && label.trim() ? label : id });
	}
	return sections;
}
