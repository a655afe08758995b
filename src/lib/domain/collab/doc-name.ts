/**
 * Live documents are named `<kind>:<id>` (DESIGN.md §3): `board:<boardId>`, `control:<workshopId>`,
 * `proposal:<proposalId>`. A name is parsed strictly — a known kind and a canonical lowercase uuid,
 * nothing else — before anything is looked up, so that `../`, `%2e%2e`, NUL, RTL marks or a 10k
 * character name never reach a query or a map key.
 */
export const DOC_KINDS = ['board', 'control', 'proposal'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export interface DocName {
	kind: DocKind;
	/** The uuid of the board, workshop or proposal. */
	id: string;
	/** The canonical name, `<kind>:<id>`. */
	name: string;
}

const PATTERN =
	/^(board|control|proposal):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Longest path segment worth looking at: `proposal:` + a uuid, with room for `%3A`. */
const MAX_RAW_LENGTH = 64;

/** The document a `/collab/<raw>` path names, or null when it names none. */
export function parseDocName(raw: string): DocName | null {
	if (raw.length > MAX_RAW_LENGTH) return null;
	// Clients may percent-encode the colon; nothing else needs decoding in a valid name.
	const name = raw.replace(/%3a/i, ':');
	const match = PATTERN.exec(name);
	if (!match) return null;
	return { kind: match[1] as DocKind, id: match[2]!, name };
}

export function docName(kind: DocKind, id: string): string {
	return `${kind}:${id}`;
}
