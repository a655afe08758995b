import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { RECORD_MAX_BYTES, checkNote, isNoteKeyOf } from '../../domain/board/schema';

/**
 * Judging a client's update before it touches the document.
 *
 * Yjs has no rollback: once an update is applied, its changes are in every copy. So each update a
 * client sends is decoded and checked against what its writer may do, and applied only if every
 * part of it is allowed; otherwise it is dropped whole and the writer gets "permission denied".
 * We chose this over routing resident writes through typed server operations because phones must
 * keep writing offline (y-indexeddb) and merge later: that needs the plain Yjs protocol end to end.
 *
 * What is checked, for every struct and every deletion:
 * - the Yjs client id is bound to this writer (the first writer to use an id owns it), so nobody
 *   writes under someone else's id;
 * - everything it refers to (origins, parents, deleted ranges) is known — in the document or in the
 *   same update — so no "pending" structs are parked in memory and replayed later;
 * - where it lands: an allowed root type, at an allowed depth, with allowed content;
 * - for residents on a board: only entries of `notes` whose key carries their own participant id,
 *   each a well-formed note with their id and nickname (src/lib/domain/board/schema.ts).
 */

export interface WriteRules {
	/** Root types the writer may change. */
	roots: ReadonlySet<string>;
	/** Whether nested types may be created (rich text); otherwise values sit directly in a root. */
	nested: boolean;
	/** Content a struct may carry. */
	content: 'json-values' | 'rich-text';
	/**
	 * A resident on a board: only their own notes, each checked as a note. `existingOnly`: no new
	 * note (a board under pre-moderation: new notes wait in the resident's inbox for approval).
	 */
	ownNotes?: { authorId: string; authorName: string; existingOnly?: boolean };
}

export type CheckResult =
	| { ok: true; empty: boolean; newClients: number[] }
	| {
			ok: false;
			malformed: boolean;
			reason: string;
			/** It builds on edits of its own client ids that the server has not seen (yet). */
			behind?: boolean;
	  };

interface Place {
	/** Root type name. */
	root: string;
	/** Map key under the root (for a direct child of a root map), else null. */
	key: string | null;
	/** 0 for a direct child of a root type, 1 for a child of a nested type, … */
	depth: number;
}

const refuse = (reason: string): CheckResult => ({ ok: false, malformed: false, reason });
const malformed = (reason: string): CheckResult => ({ ok: false, malformed: true, reason });

/** Deeper nesting than any editor produces: a rich-text document this deep is an attack. */
const MAX_DEPTH = 32;

export function checkUpdate(
	doc: Y.Doc,
	update: Uint8Array,
	writer: string,
	clientOwners: ReadonlyMap<number, string>,
	rules: WriteRules
): CheckResult {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	try {
		decoded = Y.decodeUpdate(update);
	} catch {
		return malformed('the update cannot be decoded');
	}
	const { structs, ds } = decoded;
	if (structs.length === 0 && ds.clients.size === 0)
		return { ok: true, empty: true, newClients: [] };

	// Structs of this update, by client, in clock order (the encoding guarantees the order).
	const own = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();
	for (const struct of structs) {
		const list = own.get(struct.id.client);
		if (list) list.push(struct);
		else own.set(struct.id.client, [struct]);
	}

	const newClients: number[] = [];
	for (const [client, list] of own) {
		const owner = clientOwners.get(client);
		if (owner !== undefined && owner !== writer) {
			return refuse(`client id ${client} belongs to another writer`);
		}
		if (owner === undefined) newClients.push(client);
		// A gap before the first struct would park the update as pending: refuse it instead.
		if (list[0]!.id.clock > Y.getState(doc.store, client)) {
			return {
				ok: false,
				malformed: false,
				reason: 'the update depends on changes the server has not seen',
				behind: true
			};
		}
	}

	const inUpdate = (id: Y.ID): Y.Item | Y.GC | Y.Skip | null => {
		const list = own.get(id.client);
		if (!list) return null;
		for (const struct of list) {
			if (id.clock >= struct.id.clock && id.clock < struct.id.clock + struct.length) return struct;
		}
		return null;
	};
	const inDoc = (id: Y.ID): Y.Item | Y.GC | null => {
		if (id.clock >= Y.getState(doc.store, id.client)) return null;
		return Y.getItem(doc.store, id) as Y.Item | Y.GC;
	};

	const places = new Map<Y.Item | Y.GC | Y.Skip, Place | null>();
	// Where a struct sits; null when it cannot be known (refer to something unknown, or collected).
	const placeOf = (struct: Y.Item | Y.GC | Y.Skip, hops = 0): Place | null => {
		if (places.has(struct)) return places.get(struct)!;
		if (hops > MAX_DEPTH * 4 || !(struct instanceof Y.Item)) return null;
		let place: Place | null = null;
		const parent = struct.parent as unknown;
		if (parent instanceof Y.AbstractType) {
			// A struct already in the document knows its parent type.
			if (parent._item === null) {
				const root = rootName(parent);
				place = root === null ? null : { root, key: struct.parentSub, depth: 0 };
			} else {
				const above = placeOf(parent._item, hops + 1);
				place = above ? { root: above.root, key: above.key, depth: above.depth + 1 } : null;
			}
		} else if (typeof parent === 'string') {
			place = { root: parent, key: struct.parentSub, depth: 0 };
		} else if (parent instanceof Y.ID) {
			const typeItem = inUpdate(parent) ?? inDoc(parent);
			const above = typeItem ? placeOf(typeItem, hops + 1) : null;
			place = above ? { root: above.root, key: above.key, depth: above.depth + 1 } : null;
		} else {
			// Parent left out of the encoding: it is the origin's (or right origin's) parent.
			const neighbourId = struct.origin ?? struct.rightOrigin;
			const neighbour = neighbourId ? (inUpdate(neighbourId) ?? inDoc(neighbourId)) : null;
			place = neighbour ? placeOf(neighbour, hops + 1) : null;
		}
		places.set(struct, place);
		return place;
	};
	const allowedPlace = (place: Place | null): string | null => {
		if (!place) return 'it refers to something the server does not know';
		if (!rules.roots.has(place.root)) return `"${place.root}" is not writable here`;
		if (place.depth > (rules.nested ? MAX_DEPTH : 0))
			return 'nested structures are not allowed here';
		if (rules.ownNotes) {
			if (place.root !== 'notes' || place.key === null) return 'only notes may be written here';
			if (!isNoteKeyOf(place.key, rules.ownNotes.authorId)) return 'only your own notes';
		}
		return null;
	};

	for (const struct of structs) {
		if (struct instanceof Y.Skip) return refuse('the update has gaps');
		if (!(struct instanceof Y.Item)) continue; // GC: a range of the writer's own, already deleted
		for (const ref of [struct.origin, struct.rightOrigin]) {
			if (ref && !inUpdate(ref) && !inDoc(ref)) {
				return refuse('it refers to something the server does not know');
			}
		}
		const place = placeOf(struct);
		const problem = allowedPlace(place);
		if (problem) return refuse(problem);
		// Security: pre-moderation must not be skipped by writing a new note straight to the board.
		if (rules.ownNotes?.existingOnly && !doc.getMap(place!.root).has(place!.key!)) {
			return refuse('new notes wait for approval');
		}
		const contentProblem = checkContent(struct, rules);
		if (contentProblem) return refuse(contentProblem);
	}

	for (const [client, ranges] of ds.clients) {
		for (const range of ranges) {
			let clock = range.clock;
			const end = range.clock + range.len;
			while (clock < end) {
				const id = Y.createID(client, clock);
				const target = inUpdate(id) ?? inDoc(id);
				if (!target) return refuse('it deletes something the server does not know');
				// A client's full sync carries its whole delete set, others' old deletions included:
				// deleting what the server already holds as deleted changes nothing and is allowed.
				const alreadyDeleted = !inUpdate(id) && (target instanceof Y.GC || target.deleted);
				if (target instanceof Y.Item && !alreadyDeleted) {
					const problem = allowedPlace(placeOf(target));
					if (problem) return refuse(`deletion refused: ${problem}`);
				}
				clock = target.id.clock + target.length;
			}
		}
	}
	return { ok: true, empty: false, newClients };
}

/**
 * A writer's own share of a full-state reply (sync step 2), for when the whole reply is refused.
 *
 * A client's reply carries everything it holds that the server lacks. Normally that is only its
 * own work; but after the server lost edits it had already broadcast (killed inside the flush
 * window), every client that saw them hands them back mixed with its own, and judged whole each
 * such reply is refused: nobody's lost edits would come back, and every later write of theirs
 * would depend on what was refused. So the reply is cut down to the Yjs clients that may be this
 * writer's — bound to it, or unbound and passing the rules — and the rest is dropped unapplied:
 * its own writer hands it back on reconnecting. Nothing is applied that the writer may not write.
 * Null when no share passes.
 */
export function ownShare(
	doc: Y.Doc,
	update: Uint8Array,
	writer: string,
	clientOwners: ReadonlyMap<number, string>,
	rules: WriteRules
): { update: Uint8Array; newClients: number[] } | null {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	try {
		decoded = Y.decodeUpdate(update);
	} catch {
		return null;
	}
	const clients = new Set([
		...decoded.structs.map((s) => s.id.client),
		...decoded.ds.clients.keys()
	]);
	const check = (keep: Set<number>) => {
		let share: Uint8Array;
		try {
			share = restrictTo(update, decoded, keep);
		} catch {
			// Never expected of an update that decoded; whatever it is, nothing of it is taken.
			return { share: update, result: refuse('the update cannot be split') };
		}
		return { share, result: checkUpdate(doc, share, writer, clientOwners, rules) };
	};
	let keep = new Set([...clients].filter((c) => clientOwners.get(c) === writer));
	// An unbound client may be this writer's new one, or another's whose binding the crash lost:
	// it is this writer's only if its part passes the rules for them.
	for (const client of clients) {
		if (clientOwners.has(client)) continue;
		const trial = new Set([...keep, client]);
		if (check(trial).result.ok) keep = trial;
	}
	if (keep.size === 0 || keep.size === clients.size) return null;
	const { share, result } = check(keep);
	return result.ok && !result.empty ? { update: share, newClients: result.newClients } : null;
}

/** The part of an update made of `keep`'s structs and of deletions in `keep`'s ranges. */
function restrictTo(
	update: Uint8Array,
	decoded: ReturnType<typeof Y.decodeUpdate>,
	keep: ReadonlySet<number>
): Uint8Array {
	// diffUpdate drops what a state vector covers: cover every other client's structs in full.
	const covered = new Map<number, number>();
	for (const struct of decoded.structs) {
		const client = struct.id.client;
		if (keep.has(client)) continue;
		covered.set(client, Math.max(covered.get(client) ?? 0, struct.id.clock + struct.length));
	}
	const structs = Y.diffUpdate(update, Y.encodeStateVector(covered));
	// diffUpdate copies the whole delete set, last in the (V1) update: swap it for the kept part.
	const whole = encodeDeleteSet(decoded.ds.clients);
	const kept = encodeDeleteSet(
		new Map([...decoded.ds.clients].filter(([client]) => keep.has(client)))
	);
	const head = structs.length - whole.length;
	if (head < 0 || !whole.every((byte, i) => structs[head + i] === byte)) {
		throw new Error('unexpected update layout');
	}
	const share = new Uint8Array(head + kept.length);
	share.set(structs.subarray(0, head));
	share.set(kept, head);
	return share;
}

/** A V1 delete set, byte for byte as Yjs writes it (clients in descending order). */
function encodeDeleteSet(clients: Map<number, { clock: number; len: number }[]>): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, clients.size);
	for (const [client, ranges] of [...clients].sort((a, b) => b[0] - a[0])) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, ranges.length);
		for (const range of ranges) {
			encoding.writeVarUint(encoder, range.clock);
			encoding.writeVarUint(encoder, range.len);
		}
	}
	return encoding.toUint8Array(encoder);
}

function rootName(type: Y.AbstractType<unknown>): string | null {
	try {
		return Y.findRootTypeKey(type);
	} catch {
		return null;
	}
}

function checkContent(item: Y.Item, rules: WriteRules): string | null {
	const content = item.content;
	if (content instanceof Y.ContentDeleted) return null;
	if (content instanceof Y.ContentAny) {
		for (const value of content.arr) {
			let size: number;
			try {
				size = JSON.stringify(value ?? null).length;
			} catch {
				return 'a value cannot be stored';
			}
			if (size > RECORD_MAX_BYTES) return 'a value is too large';
		}
		if (rules.ownNotes) {
			if (content.arr.length !== 1) return 'one note per entry';
			const checked = checkNote(content.arr[0], {
				id: rules.ownNotes.authorId,
				name: rules.ownNotes.authorName
			});
			if (!checked.ok) return `not a valid note (${checked.problem})`;
		}
		return null;
	}
	if (rules.content === 'rich-text') {
		if (
			content instanceof Y.ContentString ||
			content instanceof Y.ContentFormat ||
			content instanceof Y.ContentEmbed ||
			content instanceof Y.ContentType
		) {
			return null;
		}
	}
	return 'this kind of content is not allowed here';
}
