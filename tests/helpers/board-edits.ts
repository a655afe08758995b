import type * as Y from 'yjs';
import type { Database } from '../../src/lib/server/db/client';
import type { Client } from './collab';
import { demoBoards, noteKey, noteOf, participantIdOf } from './collab';
import { demoWorkshopId, participantToken } from './workshops';

/** A resident of a workshop with a participant session of their own. */
export interface Resident {
	id: string;
	name: string;
	token: string;
}

export async function addResidents(
	db: Database,
	workshopId: string,
	names: string[]
): Promise<Resident[]> {
	const residents: Resident[] = [];
	for (const name of names) {
		const token = await participantToken(db, workshopId, name);
		residents.push({ id: await participantIdOf(db, workshopId, name), name, token });
	}
	return residents;
}

/** The demo's open board with three residents writing on it and one reading it. */
export interface WritersAndReader {
	board: string;
	writers: Resident[];
	reader: Resident;
}

export async function writersAndReader(db: Database): Promise<WritersAndReader> {
	const workshopId = await demoWorkshopId(db);
	const writers = await addResidents(db, workshopId, ['Ada', 'Bruno', 'Carla']);
	const [reader] = await addResidents(db, workshopId, ['Lettrice']);
	return { board: `board:${(await demoBoards(db, workshopId)).open}`, writers, reader: reader! };
}

/** Tags one note carries at most, so that its text stays far below the 280-character limit. */
const TAGS_PER_NOTE = 12;

/**
 * Every edit residents make, as a board's readers should see it. Each edit leaves a numbered tag
 * (`#17`) in a note's text — a new note starts with one, an edit of an own note appends one — so
 * a reader tells exactly which edits it holds, not only how many notes.
 */
export class EditLog {
	/** Note key → text, as the last edit left it. */
	readonly notes = new Map<string, string>();
	private readonly tags = new Map<string, number>();
	private readonly keysOf = new Map<string, string[]>();
	private made = 0;

	get count() {
		return this.made;
	}

	/** One edit by `resident` in `doc`: a new note, or a tag appended to one of their notes. */
	edit(doc: Y.Doc, resident: Resident) {
		const tag = `#${this.made++}`;
		const own = (this.keysOf.get(resident.id) ?? []).filter(
			(key) => this.tags.get(key)! < TAGS_PER_NOTE
		);
		let key: string;
		let text: string;
		if (own.length === 0 || Math.random() < 0.25) {
			key = noteKey(resident.id);
			text = tag;
			this.keysOf.set(resident.id, [...(this.keysOf.get(resident.id) ?? []), key]);
		} else {
			key = own[Math.floor(Math.random() * own.length)]!;
			text = `${this.notes.get(key)} ${tag}`;
		}
		this.notes.set(key, text);
		this.tags.set(key, (this.tags.get(key) ?? 0) + 1);
		doc.getMap('notes').set(key, noteOf(resident.id, resident.name, text));
	}

	/** Numbers of the edits made that `doc` does not hold. */
	missingFrom(doc: Y.Doc): number[] {
		const held = new Set<number>();
		for (const text of Object.values(this.heldBy(doc))) {
			for (const match of text.matchAll(/#(\d+)/g)) held.add(Number(match[1]));
		}
		return Array.from({ length: this.made }, (_, i) => i).filter((i) => !held.has(i));
	}

	/** What `doc` holds of the notes this log wrote (other tests' notes on the board left out). */
	heldBy(doc: Y.Doc): Record<string, string> {
		const texts = textsOf(doc);
		return Object.fromEntries(
			[...this.notes.keys()].filter((k) => k in texts).map((k) => [k, texts[k]!])
		);
	}

	/** The notes every reader should hold: key → text. */
	expected(): Record<string, string> {
		return Object.fromEntries(this.notes);
	}
}

/** A board's notes as key → text. */
export function textsOf(doc: Y.Doc): Record<string, string> {
	const texts: Record<string, string> = {};
	for (const [key, note] of doc.getMap('notes').entries()) {
		texts[key] = (note as { text: string }).text;
	}
	return texts;
}

/**
 * `count` edits taken in turn by the writers, one every `gapMs`: several residents typing at once,
 * each well under the per-connection frame rate limit.
 */
export async function editInTurn(
	log: EditLog,
	writers: { client: Client; resident: Resident }[],
	count: number,
	gapMs: number
) {
	for (let i = 0; i < count; i++) {
		if (i > 0) await sleep(gapMs);
		const { client, resident } = writers[i % writers.length]!;
		log.edit(client.doc, resident);
	}
}

export function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The server's /healthz answer; status 0 when it does not answer at all. */
export async function health(baseUrl: string): Promise<{
	status: number;
	body: { ok?: boolean; reason?: string; collab?: { queued: number } };
}> {
	try {
		const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
		return { status: response.status, body: await response.json() };
	} catch {
		return { status: 0, body: {} };
	}
}
