// Issue 8, "Faults, nothing lost" (RELIABILITY.md 37, 28-30): twenty times over, the real server is
// killed with SIGKILL in the middle of a live workshop while residents write notes through stock
// y-websocket clients and place dots through `POST /api/boards/<id>/votes`. After each restart,
// every note the server had acknowledged more than 100 ms before the kill is in the board, and
// every dot answered 200 is counted exactly once. PostgreSQL only: the issue asks for it there, and
// the database must be read while the server runs.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Database } from '../../src/lib/server/db/client';
import { votes } from '../../src/lib/server/db/schema/index';
import { addResidents, sleep } from '../helpers/board-edits';
import type { Resident } from '../helpers/board-edits';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId, staffToken } from '../helpers/workshops';

const CYCLES = 20;
/** Edits per writer per cycle, one every GAP_MS: small, so that twenty cycles fit in a minute or two. */
const EDITS_PER_WRITER = 12;
const GAP_MS = 15;
/** The issue's bound: what was acknowledged this long before the kill must have been stored. */
const WINDOW_MS = 100;

interface Prepared {
	workshopId: string;
	/** The demo's open board, where residents write. */
	notesBoard: string;
	/** The demo's second board, where residents place dots once the facilitator opens the vote. */
	voteBoard: string;
	writers: Resident[];
	voters: Resident[];
	reader: Resident;
	facilitator: string;
}

const prepare = async (db: Database): Promise<Prepared> => {
	const workshopId = await demoWorkshopId(db);
	const demo = await demoBoards(db, workshopId);
	const writers = await addResidents(db, workshopId, ['Ada', 'Bruno', 'Carla']);
	const voters = await addResidents(db, workshopId, ['Dario', 'Elena', 'Franco']);
	const [reader] = await addResidents(db, workshopId, ['Lettrice']);
	return {
		workshopId,
		notesBoard: demo.open,
		voteBoard: demo.locked,
		writers,
		voters,
		reader: reader!,
		facilitator: await staffToken(db, 'facilitatore@example.org')
	};
};

const noPostgres = process.env.TEST_DATABASE_URL
	? null
	: 'TEST_DATABASE_URL is not set: the kill cycles run on PostgreSQL only';

/** The tag `#<n>` of an edit, and every tag a note's text holds. */
const tagsIn = (text: string) => [...text.matchAll(/#(\d+)/g)].map((m) => Number(m[1]));

/** One dot: what was asked and how it ended. */
interface Dot {
	voter: string;
	itemId: string;
	delta: 1 | -1;
	/** 'ok' answered 200; 'refused' any other answer; 'unknown' no answer (the kill cut it). */
	outcome: 'ok' | 'refused' | 'unknown';
}

describe.skipIf(noPostgres !== null)(
	`kill -9 twenty times during a live workshop on postgres${noPostgres ? ` (skipped: ${noPostgres})` : ''}`,
	() => {
		let site: Site<Prepared>;
		let p: Prepared;
		/** The items of the vote: notes the first writer put on the vote board. */
		const items: string[] = [];

		async function post(path: string, token: string, body: unknown) {
			return fetch(`${site.url}${path}`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					cookie: `piazza_session=${token}`,
					origin: site.url
				},
				body: JSON.stringify(body)
			});
		}

		async function act(body: unknown) {
			const response = await post(`/api/workshops/${p.workshopId}/actions`, p.facilitator, body);
			if (response.status !== 200)
				throw new Error(`${JSON.stringify(body)}: ${await response.text()}`);
		}

		beforeAll(async () => {
			site = await startSite<Prepared>('postgres', { prepare });
			p = site.prepared;
			// Notes to vote on, written while the second board is open, then its vote opened (which
			// locks the board): the facilitator's actions, as in the live room.
			await act({ type: 'board-phase', boardId: p.voteBoard, phase: 'open' });
			const author = p.writers[0]!;
			const writer = await connect(site.url, `board:${p.voteBoard}`, author.token);
			const reader = await connect(site.url, `board:${p.voteBoard}`, p.reader.token);
			for (let i = 0; i < 3; i++) {
				const key = noteKey(author.id);
				items.push(key);
				writer.doc.getMap('notes').set(key, noteOf(author.id, author.name, `idea ${i}`));
			}
			// The reader receives the notes only once the server has applied them.
			await new Promise<void>((resolve) => {
				const check = () => {
					if (items.every((key) => reader.doc.getMap('notes').has(key))) resolve();
				};
				reader.doc.on('update', check);
				check();
			});
			writer.destroy();
			reader.destroy();
			await act({ type: 'voting', boardId: p.voteBoard, state: 'open', budget: 100 });
		}, 120_000);
		afterAll(async () => {
			await site?.stop();
		});

		/** Dots in SQL on the vote board, by `<participant> <item>`. */
		async function storedDots(): Promise<Map<string, number>> {
			const rows = await site.inspect((db) =>
				db
					.select({ participantId: votes.participantId, itemId: votes.itemId, count: votes.count })
					.from(votes)
					.where(eq(votes.boardId, p.voteBoard))
			);
			return new Map(rows.map((r) => [`${r.participantId} ${r.itemId}`, r.count]));
		}

		it('keeps every note acknowledged 100 ms before each kill and counts every answered dot once', async () => {
			/** Dots per `<participant> <item>` the server is known to hold (answers 200, settled). */
			const held = new Map<string, number>();
			const figures = { edits: 0, acknowledged: 0, late: 0, lateLost: 0, maxLossMs: 0 };
			/** Notes acknowledged more than WINDOW_MS before a kill and missing after it: none allowed. */
			const lostInTime: { cycle: number; tag: number; beforeKillMs: number }[] = [];
			/** What the server printed before each kill that lost any. */
			const said: string[] = [];
			const dotFigures = { ok: 0, refused: 0, unknown: 0, unknownApplied: 0 };

			for (let cycle = 0; cycle < CYCLES; cycle++) {
				const board = `board:${p.notesBoard}`;
				const writers = await Promise.all(
					p.writers.map(async (resident) => ({
						resident,
						client: await connect(site.url, board, resident.token)
					}))
				);
				// The observer's copy is the acknowledgement: stock clients get no answer to an update,
				// and the server broadcasts one only after accepting (and journaling) it.
				const observer = await connect(site.url, board, p.reader.token);
				const acknowledged = new Map<number, number>();
				const tagsOf = new Map<string, string>();
				observer.doc.getMap('notes').observe((event) => {
					const now = Date.now();
					for (const key of event.keysChanged) {
						const note = observer.doc.getMap('notes').get(key) as { text?: string } | undefined;
						for (const tag of tagsIn(note?.text ?? '')) {
							if (!acknowledged.has(tag)) acknowledged.set(tag, now);
						}
					}
				});

				let killed = false;
				let tag = figures.edits;
				const editing = (async () => {
					for (let i = 0; i < EDITS_PER_WRITER && !killed; i++) {
						for (const { resident, client } of writers) {
							if (killed) break;
							write(client, resident, tagsOf, tag++);
						}
						await sleep(GAP_MS);
					}
				})();
				const dots: Dot[] = [];
				const voting = Promise.all(
					p.voters.map(async (voter) => {
						while (!killed) {
							const itemId = items[Math.floor(Math.random() * items.length)]!;
							const key = `${voter.id} ${itemId}`;
							// Take a dot back now and then, where the server surely holds one.
							const delta: 1 | -1 = (held.get(key) ?? 0) > 0 && Math.random() < 0.3 ? -1 : 1;
							const dot: Dot = { voter: voter.id, itemId, delta, outcome: 'unknown' };
							dots.push(dot);
							try {
								const response = await post(`/api/boards/${p.voteBoard}/votes`, voter.token, {
									itemId,
									delta
								});
								dot.outcome = response.status === 200 ? 'ok' : 'refused';
								if (dot.outcome === 'ok') held.set(key, (held.get(key) ?? 0) + delta);
								await response.arrayBuffer();
							} catch {
								return; // no answer: the server is gone
							}
						}
					})
				);

				// The kill lands somewhere in the middle of the writing, at a different moment each time.
				await sleep(80 + Math.random() * 200);
				const killedAt = Date.now();
				await site.server.kill();
				killed = true;
				const output = site.server.output();
				await editing;
				await voting;
				// The clients go before the server comes back: reconnecting, they would hand back what
				// it lost, and the point is that the database alone holds what was acknowledged.
				for (const { client } of writers) client.destroy();
				observer.destroy();
				await site.restart({ kill: true });

				// Notes.
				const reader = await connect(site.url, board, p.reader.token);
				const stored = new Set(
					[...tagsOf.keys()].flatMap((key) => {
						const note = reader.doc.getMap('notes').get(key) as { text?: string } | undefined;
						return tagsIn(note?.text ?? '');
					})
				);
				reader.destroy();
				for (const [n, at] of acknowledged) {
					const beforeKillMs = killedAt - at;
					if (beforeKillMs <= WINDOW_MS) figures.late++;
					if (stored.has(n)) continue;
					if (beforeKillMs > WINDOW_MS) lostInTime.push({ cycle, tag: n, beforeKillMs });
					else figures.lateLost++;
					figures.maxLossMs = Math.max(figures.maxLossMs, beforeKillMs);
				}
				if (lostInTime.some((lost) => lost.cycle === cycle)) {
					said.push(`cycle ${cycle}:\n${output.slice(-1500)}`);
				}
				figures.acknowledged += acknowledged.size;
				figures.edits = tag;

				// Dots: every answered one counted once; one cut by the kill may or may not count.
				const inSql = await storedDots();
				const unknown = new Map(
					dots.filter((d) => d.outcome === 'unknown').map((d) => [`${d.voter} ${d.itemId}`, d])
				);
				for (const voter of p.voters) {
					for (const itemId of items) {
						const key = `${voter.id} ${itemId}`;
						const answered = held.get(key) ?? 0;
						const cut = unknown.get(key);
						const now = inSql.get(key) ?? 0;
						const possible = cut ? [answered, answered + cut.delta] : [answered];
						expect(possible, `cycle ${cycle}, dots of ${key}`).toContain(now);
						if (cut && now !== answered) dotFigures.unknownApplied++;
						// Settled: whatever the database holds is what the next cycle builds on.
						held.set(key, now);
					}
				}
				for (const d of dots) dotFigures[d.outcome]++;
			}

			console.log(
				`[kill-cycles] ${CYCLES} kill -9 cycles: ${figures.edits} edits written, ` +
					`${figures.acknowledged} acknowledged, ${figures.late} of them within ${WINDOW_MS} ms ` +
					`of the kill (${figures.lateLost} of those lost), ${lostInTime.length} lost earlier; ` +
					`max loss window ${figures.maxLossMs} ms. Dots: ${dotFigures.ok} answered 200 (each ` +
					`counted once), ${dotFigures.refused} refused, ${dotFigures.unknown} cut by the kill ` +
					`(${dotFigures.unknownApplied} of them stored).`
			);
			expect(lostInTime, said.join('\n')).toEqual([]);
			expect(figures.acknowledged).toBeGreaterThan(CYCLES * 5);
			expect(dotFigures.ok).toBeGreaterThan(CYCLES);
		}, 300_000);
	}
);

/** One edit: a new note tagged `#n`, or `#n` appended to one of the resident's notes this cycle. */
function write(client: Client, resident: Resident, tagsOf: Map<string, string>, n: number) {
	const own = [...tagsOf].filter(([key, text]) => key.startsWith(resident.id) && text.length < 200);
	const notes = client.doc.getMap('notes') as Y.Map<unknown>;
	if (own.length === 0 || Math.random() < 0.3) {
		const key = noteKey(resident.id);
		tagsOf.set(key, `#${n}`);
		notes.set(key, noteOf(resident.id, resident.name, `#${n}`));
	} else {
		const [key, text] = own[Math.floor(Math.random() * own.length)]!;
		tagsOf.set(key, `${text} #${n}`);
		notes.set(key, noteOf(resident.id, resident.name, `${text} #${n}`));
	}
}
