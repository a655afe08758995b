/**
 * A process seen whole: the workshops and listening points it held in different places (like
 * the CUBI evenings in three towns), their themes and most voted ideas side by side, each with
 * where it came from. Themes are the clusters facilitators named; the same name in two places
 * (ignoring case and spacing; a missing accent is not guessed at) is one theme heard twice.
 */

export interface Origin {
	workshopId: string;
	workshopTitle: string;
	/** The branch or the place it was held. */
	place: string;
}

export interface ThemeEntry {
	label: string;
	notes: number;
	votes: number;
	origin: Origin;
}

export interface Theme {
	label: string;
	notes: number;
	votes: number;
	/** Where it was heard, in the order first met, each place once. */
	origins: Origin[];
}

/** The key two cluster names share when they name the same theme. */
export function themeKey(label: string): string {
	return label.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('it');
}

export function combineThemes(entries: readonly ThemeEntry[]): Theme[] {
	const themes = new Map<string, Theme>();
	for (const entry of entries) {
		const key = themeKey(entry.label);
		if (!key) continue;
		const theme = themes.get(key);
		if (!theme) {
			themes.set(key, {
				label: entry.label.trim(),
				notes: entry.notes,
				votes: entry.votes,
				origins: [entry.origin]
			});
			continue;
		}
		theme.notes += entry.notes;
		theme.votes += entry.votes;
		if (!theme.origins.some((o) => o.workshopId === entry.origin.workshopId))
			theme.origins.push(entry.origin);
	}
	// Heard in more places first, then by dots, then by name: a theme many places share leads.
	return [...themes.values()].sort(
		(a, b) =>
			b.origins.length - a.origins.length ||
			b.votes - a.votes ||
			b.notes - a.notes ||
			a.label.localeCompare(b.label, 'it')
	);
}

export interface Idea {
	label: string;
	votes: number;
	origin: Origin;
	proposals: { id: string; title: string }[];
}

/** The most voted ideas across the process's boards, ties by name; only ideas with dots. */
export function topIdeas(ideas: readonly Idea[], limit: number): Idea[] {
	return ideas
		.filter((idea) => idea.votes > 0)
		.sort((a, b) => b.votes - a.votes || a.label.localeCompare(b.label, 'it'))
		.slice(0, limit);
}
