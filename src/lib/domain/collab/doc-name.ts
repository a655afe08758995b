/**
 * Live documents are named `<kind>:<id>` (DESIGN.md §3): `board:<boardId>`, `control:<workshopId>`,
 * `proposal:<proposalId>`, `held:<boardId>`; and one name of two ids,
 * `inbox:<boardId>:<participantId>` (a resident's notes waiting while their board holds notes:
 * private mode or pre-moderation, see src/lib/domain/board/held.ts). A name is parsed strictly — a
 * known kind and canonical lowercase uuids, nothing else — before anything is looked up, so that
 * `../`, `%2e%2e`, NUL, RTL marks or a 10k character name never reach a query or a map key.
 */
export const DOC_KINDS = ['board', 'control', 'proposal', 'inbox', 'held'] as const;

/**
 * The one root of a `proposal:` document: the description's XmlFragment, Tiptap Collaboration's
 * default field. The editor, the server's write rules and the server's rendering all use this name.
 */
export const PROPOSAL_TEXT_FIELD = 'default';
export type DocKind = (typeof DOC_KINDS)[number];

export interface DocName {
	kind: DocKind;
	/** The uuid of the board, workshop or proposal (of the board for `inbox:` and `held:`). */
	id: string;
	/** `inbox:` only: the participant whose inbox it is; null for every other kind. */
	participantId: string | null;
	/** The canonical name, `<kind>:<id>` (`inbox:<id>:<participantId>`). */
	name: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PATTERN = new RegExp(`^(board|control|proposal|held):(${UUID})$`);
const INBOX_PATTERN = new RegExp(`^inbox:(${UUID}):(${UUID})$`);

/** Longest path segment worth looking at: `inbox:` + two uuids, with room for two `%3A`. */
const MAX_RAW_LENGTH = 96;

/** The document a `/collab/<raw>` path names, or null when it names none. */
export function parseDocName(raw: string): DocName | null {
	if (raw.length > MAX_RAW_LENGTH) return null;
	// Clients may percent-encode the colons; nothing else needs decoding in a valid name.
	const name = raw.replace(/%3a/gi, ':');
	const inbox = INBOX_PATTERN.exec(name);
	if (inbox) return { kind: 'inbox', id: inbox[1]!, participantId: inbox[2]!, name };
	const match = PATTERN.exec(name);
	if (!match) return null;
	return { kind: match[1] as DocKind, id: match[2]!, participantId: null, name };
}

export function docName(kind: Exclude<DocKind, 'inbox'>, id: string): string {
	return `${kind}:${id}`;
}

/** The name of a participant's inbox on a board. */
export function inboxName(boardId: string, participantId: string): string {
	return `inbox:${boardId}:${participantId}`;
}
