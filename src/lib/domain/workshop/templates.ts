import type { BoardKind, ReferringKind } from './kinds';

/**
 * Agenda templates: a whole agenda in one click (the "templates"), in Italian (the default)
 * and English. A template is only a list of specs; the server turns it into activities and boards.
 *
 * Activities that create a board carry the board's spec. Clustering and dot voting carry instead
 * the index, in the same list, of the earlier activity whose board they work on: same notes, not
 * copies, so the server gives them that activity's board id.
 *
 * Section ids are stable ASCII (notes store them, see board/schema.ts): never rename one, add a new
 * one instead. Only labels are translated.
 */

export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'it';

/** One section of a board (an empathy-map quadrant, a column of the canvas). */
export interface SectionSpec {
	/** Stable ASCII id stored in each note's `section`; matches board/schema.ts `[a-z0-9-]{1,40}`. */
	id: string;
	/** What the section is called on screen, in the template's language. */
	label: string;
}

/** What a new board's `meta` starts with (DESIGN.md §3, "Board document shape"). */
export interface BoardSpec {
	/** empathy-map | idea-wall | canvas. */
	kind: BoardKind;
	/** The question residents answer ("Come potremmo…?"); the facilitator rewrites it for the day. */
	prompt: string;
	/** Ordered sections; empty for a board without sections. */
	sections: SectionSpec[];
	/** Placeholder for the persona card, for the facilitator to replace; null when there is none. */
	persona: string | null;
}

/** One step of a template's agenda. */
export type ActivitySpec =
	| { kind: BoardKind; title: string; board: BoardSpec }
	| {
			kind: ReferringKind;
			title: string;
			/** Index in the same list of the earlier activity whose board this one works on. */
			boardOf: number;
	  };

export const TEMPLATE_IDS = ['design-thinking', 'biblioteca-che-vorrei'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** A template as offered to the facilitator, in one language. */
export interface AgendaTemplate {
	id: TemplateId;
	/** Shown in the template picker. */
	name: string;
	/** One sentence under the name in the picker. */
	description: string;
	/** The agenda, in order. */
	activities: ActivitySpec[];
}

// Every text is written once per language side by side, so the two languages cannot drift apart in
// structure: the same template yields the same kinds, sections and references in both.
type Text = Record<Locale, string>;

type SourceBoard = {
	kind: BoardKind;
	prompt: Text;
	sections: { id: string; label: Text }[];
	persona: Text | null;
};
type SourceActivity =
	| { kind: BoardKind; title: Text; board: SourceBoard }
	| { kind: ReferringKind; title: Text; boardOf: number };
interface SourceTemplate {
	name: Text;
	description: Text;
	activities: SourceActivity[];
}

const EMPATHY_SECTIONS = [
	{ id: 'says', label: { it: 'Dice', en: 'Says' } },
	{ id: 'thinks', label: { it: 'Pensa', en: 'Thinks' } },
	{ id: 'does', label: { it: 'Fa', en: 'Does' } },
	{ id: 'feels', label: { it: 'Prova', en: 'Feels' } },
	{ id: 'pains', label: { it: 'Difficoltà', en: 'Pains' } },
	{ id: 'gains', label: { it: 'Desideri', en: 'Gains' } }
];

const SOURCES: Record<TemplateId, SourceTemplate> = {
	// After IDEO's "Design Thinking for Libraries" toolkit: inspiration (empathy), ideation, then
	// choosing together.
	'design-thinking': {
		name: { it: 'Design thinking per le biblioteche', en: 'Design Thinking for Libraries' },
		description: {
			it: 'Mappa dell’empatia, muro delle idee, raggruppamento e voto a punti.',
			en: 'Empathy map, idea wall, clustering and dot vote.'
		},
		activities: [
			{
				kind: 'empathy-map',
				title: { it: 'Mappa dell’empatia', en: 'Empathy map' },
				board: {
					kind: 'empathy-map',
					prompt: {
						it: 'Chi incontriamo in biblioteca, e che cosa vive?',
						en: 'Who do we meet at the library, and what is it like for them?'
					},
					sections: EMPATHY_SECTIONS,
					persona: {
						it: 'Chi è? Un nome, l’età, come usa (o non usa) la biblioteca',
						en: 'Who is it? A name, an age, how they use (or do not use) the library'
					}
				}
			},
			{
				kind: 'idea-wall',
				title: { it: 'Muro delle idee', en: 'Idea wall' },
				board: {
					kind: 'idea-wall',
					prompt: {
						it: 'Come potremmo rispondere ai bisogni della persona che abbiamo conosciuto?',
						en: 'How might we meet the needs of the person we have just met?'
					},
					sections: [],
					persona: null
				}
			},
			{
				kind: 'clustering',
				title: { it: 'Raggruppiamo le idee', en: 'Group the ideas' },
				boardOf: 1
			},
			{
				kind: 'dot-voting',
				title: { it: 'Voto a punti', en: 'Dot vote' },
				boardOf: 1
			}
		]
	},
	// The canvas used by CUBI (the library network east of Milan: Vimercate, Melzo, San Donato…) in
	// the public workshops of its participatory strategic plan, 2019 (seeds/004).
	'biblioteca-che-vorrei': {
		name: { it: 'La biblioteca che vorrei', en: 'The library I would like' },
		description: {
			it: 'Il canvas del piano partecipato CUBI: spazi, servizi, orari, attività, persone; poi il voto.',
			en: 'The canvas of CUBI’s participatory plan: spaces, services, hours, activities, people; then a vote.'
		},
		activities: [
			{
				kind: 'canvas',
				title: { it: 'La biblioteca che vorrei', en: 'The library I would like' },
				board: {
					kind: 'canvas',
					prompt: {
						it: 'Come potremmo fare della nostra biblioteca la biblioteca che vorrei?',
						en: 'How might we make our library the library I would like?'
					},
					sections: [
						{ id: 'spaces', label: { it: 'Spazi', en: 'Spaces' } },
						{ id: 'services', label: { it: 'Servizi', en: 'Services' } },
						{ id: 'opening-hours', label: { it: 'Orari', en: 'Opening hours' } },
						{ id: 'activities', label: { it: 'Attività', en: 'Activities' } },
						{
							id: 'people',
							label: { it: 'Chi vorrei incontrarci', en: 'Who I would like to meet there' }
						}
					],
					persona: null
				}
			},
			{
				kind: 'dot-voting',
				title: { it: 'Votiamo le proposte', en: 'Vote for the proposals' },
				boardOf: 0
			}
		]
	}
};

export function isTemplateId(value: unknown): value is TemplateId {
	return typeof value === 'string' && (TEMPLATE_IDS as readonly string[]).includes(value);
}

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** A template's agenda in one language (Italian unless told). Returns a fresh copy each time. */
export function get(id: TemplateId, locale: Locale = DEFAULT_LOCALE): AgendaTemplate {
	const source = SOURCES[id];
	return {
		id,
		name: source.name[locale],
		description: source.description[locale],
		activities: source.activities.map((activity): ActivitySpec => {
			if ('boardOf' in activity) {
				return { kind: activity.kind, title: activity.title[locale], boardOf: activity.boardOf };
			}
			const board = activity.board;
			return {
				kind: activity.kind,
				title: activity.title[locale],
				board: {
					kind: board.kind,
					prompt: board.prompt[locale],
					sections: board.sections.map((s) => ({ id: s.id, label: s.label[locale] })),
					persona: board.persona?.[locale] ?? null
				}
			};
		})
	};
}

/** Every template in one language, in the order the picker shows them. */
export function list(locale: Locale = DEFAULT_LOCALE): AgendaTemplate[] {
	return TEMPLATE_IDS.map((id) => get(id, locale));
}
