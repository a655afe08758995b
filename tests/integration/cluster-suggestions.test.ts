import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { boards } from '../../src/lib/server/db/schema/index';
import { connect, noteKey, noteOf } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId, otherFacilitatorToken, staffToken } from '../helpers/workshops';

// POST /api/boards/<boardId>/cluster-suggestions: the board's visible, not yet clustered notes,
// read on the server from the live document that stock y-websocket clients wrote, grouped by
// domain/clustering/suggest.ts. Facilitators of the board's workshop only.

interface Prepared {
	boardId: string;
	facilitator: string;
	/** A facilitator who runs another workshop only. */
	otherFacilitator: string;
}

const TEXTS = {
	sunday: 'Aprire la biblioteca la domenica',
	evening: 'Orari serali: aperta fino alle 22',
	longer: 'Orari più lunghi la sera e la domenica',
	kids: 'Laboratori per bambini il sabato',
	reading: 'Più laboratori di lettura per bambini piccoli',
	plugs: 'Prese elettriche ai tavoli per i portatili',
	study: 'Più prese elettriche in sala studio',
	coffee: 'Un caffè automatico all’ingresso'
};
type Name = keyof typeof TEXTS;

describe.each(databaseKinds)('cluster suggestions on %s', (kind) => {
	let site: Site<Prepared>;
	let resident: { token: string; participantId: string; name: string };
	const keys = {} as Record<Name, string>;

	beforeAll(async () => {
		site = await startSite(kind, {
			env: { COLLAB_FLUSH_MS: '10' },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				// A board of its own, so that the demo's notes do not join the groups.
				const [board] = await db
					.insert(boards)
					.values({ workshopId, kind: 'idea-wall', phase: 'open' })
					.returning({ id: boards.id });
				return {
					boardId: board!.id,
					facilitator: await staffToken(db, 'facilitatore@example.org'),
					otherFacilitator: await otherFacilitatorToken(db, {
						email: 'altrove.gruppi@example.org',
						code: 'ARTG26'
					})
				};
			}
		});
		const response = await fetch(`${site.url}/api/workshops/CASA42/join`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Giulia' })
		});
		expect(response.status).toBe(200);
		const token = /piazza_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
		const { participantId } = (await response.json()) as { participantId: string };
		resident = { token, participantId, name: 'Giulia' };

		const writer = await connect(site.url, `board:${site.prepared.boardId}`, resident.token);
		const reader = await connect(
			site.url,
			`board:${site.prepared.boardId}`,
			site.prepared.facilitator
		);
		try {
			for (const name of Object.keys(TEXTS) as Name[]) {
				keys[name] = noteKey(resident.participantId);
				writer.doc
					.getMap('notes')
					.set(keys[name], noteOf(resident.participantId, 'Giulia', TEXTS[name]));
			}
			expect(writer.denied).toEqual([]);
			await until(reader.doc, (doc) => doc.getMap('notes').size === 8);
		} finally {
			writer.destroy();
			reader.destroy();
		}
	});
	afterAll(() => site?.stop());

	function suggest(token: string | null, boardId = site.prepared.boardId, language = 'it') {
		const headers: Record<string, string> = { 'accept-language': language };
		if (token) headers.cookie = `piazza_session=${token}`;
		return fetch(`${site.url}/api/boards/${boardId}/cluster-suggestions`, {
			method: 'POST',
			headers
		});
	}

	/** The suggestions as sorted lists of note names, with their labels, by label (ties in size follow random note ids). */
	async function groups(response: Response) {
		expect(response.status).toBe(200);
		const body = (await response.json()) as { suggestions: { label: string; noteIds: string[] }[] };
		const nameOf = new Map(Object.entries(keys).map(([name, key]) => [key, name]));
		return body.suggestions
			.map((s) => ({ label: s.label, notes: s.noteIds.map((id) => nameOf.get(id) ?? id).sort() }))
			.sort((a, b) => a.label.localeCompare(b.label));
	}

	it('groups the notes residents wrote by the words they share, leaving the odd one out', async () => {
		expect(await groups(await suggest(site.prepared.facilitator))).toEqual([
			{ label: 'Bambini, laboratori', notes: ['kids', 'reading'] },
			{ label: 'Domenica, orari', notes: ['evening', 'longer', 'sunday'] },
			{ label: 'Elettriche, prese', notes: ['plugs', 'study'] }
		]);
	});

	it('leaves out hidden notes and notes already in a cluster', async () => {
		const staff = await connect(
			site.url,
			`board:${site.prepared.boardId}`,
			site.prepared.facilitator
		);
		try {
			staff.doc.transact(() => {
				staff.doc.getMap('moderation').set(keys.evening, { hidden: true, reason: 'fuori tema' });
				staff.doc
					.getMap('clusters')
					.set('c-prese000000', { label: 'Prese', x: 0, y: 0, colour: 'teal' });
				staff.doc.getMap('layout').set(keys.plugs, { x: 0, y: 0, clusterId: 'c-prese000000' });
				staff.doc.getMap('layout').set(keys.study, { x: 0, y: 0, clusterId: 'c-prese000000' });
			});
			expect(staff.denied).toEqual([]);
			const watcher = await connect(
				site.url,
				`board:${site.prepared.boardId}`,
				site.prepared.facilitator
			);
			await until(
				watcher.doc,
				(doc) => doc.getMap('layout').size === 2 && doc.getMap('moderation').size === 1
			);
			watcher.destroy();
		} finally {
			staff.destroy();
		}
		expect(await groups(await suggest(site.prepared.facilitator))).toEqual([
			{ label: 'Bambini, laboratori', notes: ['kids', 'reading'] },
			{ label: 'Domenica', notes: ['longer', 'sunday'] }
		]);
	});

	it('answers a facilitator of another workshop as for a board that does not exist', async () => {
		const elsewhere = await suggest(site.prepared.otherFacilitator, site.prepared.boardId, 'en');
		expect(elsewhere.status).toBe(404);
		const unknown = await suggest(site.prepared.facilitator, crypto.randomUUID(), 'en');
		expect(unknown.status).toBe(404);
		expect(await elsewhere.json()).toEqual(await unknown.json());
	});

	it('refuses residents and strangers with 403, in their language, and a forged board with 404', async () => {
		const asResident = await suggest(resident.token, site.prepared.boardId, 'en');
		expect(asResident.status).toBe(403);
		expect(await asResident.json()).toEqual({
			error: 'not_facilitator',
			message: 'Only the people running this workshop can group its notes.'
		});
		const asNobody = await suggest(null);
		expect(asNobody.status).toBe(403);
		expect(((await asNobody.json()) as { message: string }).message).toBe(
			'Solo chi conduce questo laboratorio può raggruppare le note.'
		);
		for (const forged of [
			'00000000-0000-4000-8000-000000000000',
			'board%3A..%2F..',
			'x'.repeat(300)
		]) {
			const response = await suggest(site.prepared.facilitator, forged);
			expect(response.status).toBe(404);
			expect(await response.json()).toMatchObject({ error: 'board_not_found' });
		}
	});
});

/** Resolves once `doc` satisfies `ready`, checked now and after every update it receives. */
function until(doc: Y.Doc, ready: (doc: Y.Doc) => boolean): Promise<void> {
	return new Promise((resolve) => {
		const check = () => {
			if (!ready(doc)) return;
			doc.off('update', check);
			resolve();
		};
		doc.on('update', check);
		check();
	});
}
