// @vitest-environment jsdom
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	activities,
	boards,
	branches,
	collabDocuments,
	participants,
	processes,
	proposals,
	residents,
	users,
	votes,
	workshopFacilitators,
	workshops
} from '../../src/lib/server/db/schema/index';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { bareProvenance } from '../helpers/proposals';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { staffToken } from '../helpers/workshops';

// Issue 7, the process view (`/staff/processes/<id>`): the CUBI evenings held in three places,
// their themes joined by name, the most voted ideas and the proposals, each with its origin.

interface Prepared {
	processId: string;
	manager: string;
	facilitator: string;
}

describe.each(databaseKinds)('the process view on %s', (kind) => {
	let site: Site<Prepared>;

	beforeAll(async () => {
		site = await startSite(kind, {
			prepare: async (db) => {
				const [manager] = await db
					.select({ id: users.id })
					.from(users)
					.where(eq(users.email, 'responsabile@example.org'));
				const [facilitator] = await db
					.select({ id: users.id })
					.from(users)
					.where(eq(users.email, 'facilitatore@example.org'));
				const [zara] = await db
					.select({ id: branches.id })
					.from(branches)
					.where(eq(branches.slug, 'zara'));
				const [process] = await db
					.insert(processes)
					.values({
						title: 'CUBI — La biblioteca che vorrei',
						challenge: 'Come potrebbe essere la biblioteca dei prossimi dieci anni?',
						createdBy: manager!.id
					})
					.returning({ id: processes.id });

				/** A closed evening with one board: its notes, clusters by name, and dots on notes. */
				const evening = async (
					code: string,
					place: { branchId?: string; placeText?: string },
					notes: { text: string; cluster: string | null; dots: number }[],
					facilitated = false
				) => {
					const [workshop] = await db
						.insert(workshops)
						.values({
							processId: process!.id,
							title: `Serata ${code}`,
							code,
							status: 'closed',
							startsAt: new Date(Date.now() - 30 * 86_400_000),
							branchId: place.branchId ?? null,
							placeText: place.placeText ?? null
						})
						.returning({ id: workshops.id });
					if (facilitated)
						await db
							.insert(workshopFacilitators)
							.values({ workshopId: workshop!.id, userId: facilitator!.id });
					const [board] = await db
						.insert(boards)
						.values({ workshopId: workshop!.id, kind: 'idea-wall', prompt: 'Come potremmo…?' })
						.returning({ id: boards.id });
					await db.insert(activities).values({
						workshopId: workshop!.id,
						position: 0,
						kind: 'idea-wall',
						title: 'Muro delle idee',
						boardId: board!.id
					});
					const [resident] = await db.insert(residents).values({}).returning({ id: residents.id });
					const [person] = await db
						.insert(participants)
						.values({ workshopId: workshop!.id, residentId: resident!.id, nickname: 'Vicina' })
						.returning({ id: participants.id });
					const doc = new Y.Doc();
					const clusterIds = new Map<string, string>();
					for (const [i, note] of notes.entries()) {
						const id = `${person!.id}:note${i}x`;
						doc.getMap('notes').set(id, {
							authorId: person!.id,
							authorName: 'Vicina',
							text: note.text,
							section: null,
							colour: 'yellow',
							createdAt: i
						});
						let clusterId: string | null = null;
						if (note.cluster) {
							clusterId = clusterIds.get(note.cluster) ?? `c${clusterIds.size}`;
							if (!clusterIds.has(note.cluster)) {
								clusterIds.set(note.cluster, clusterId);
								doc
									.getMap('clusters')
									.set(clusterId, { label: note.cluster, x: 0, y: 0, colour: 'teal' });
							}
						}
						doc.getMap('layout').set(id, { x: 0, y: 0, clusterId });
						if (note.dots)
							await db.insert(votes).values({
								boardId: board!.id,
								participantId: person!.id,
								itemId: id,
								count: note.dots
							});
					}
					await db
						.insert(collabDocuments)
						.values({ name: `board:${board!.id}`, snapshot: Y.encodeStateAsUpdate(doc) });
					return workshop!.id;
				};

				const cinisello = await evening('CBV234', { placeText: 'Villa Ghirlanda, Cinisello' }, [
					{ text: 'Aperta la sera', cluster: 'Orari', dots: 5 },
					{ text: 'Aperta la domenica', cluster: 'Orari', dots: 2 },
					{ text: 'Sale per studiare', cluster: 'Spazi', dots: 1 }
				]);
				await evening(
					'CBV345',
					{ placeText: 'Biblioteca di Sesto San Giovanni' },
					[{ text: 'Orari più lunghi', cluster: ' orari ', dots: 3 }],
					true
				);
				await evening('CBV456', { branchId: zara!.id }, [
					{ text: 'Prestito di attrezzi', cluster: null, dots: 7 }
				]);
				await db.insert(proposals).values({
					title: 'Biblioteca aperta la sera',
					processId: process!.id,
					workshopId: cinisello,
					provenance: bareProvenance(cinisello)
				});
				return {
					processId: process!.id,
					manager: await staffToken(db, 'responsabile@example.org'),
					facilitator: await staffToken(db, 'facilitatore@example.org')
				};
			}
		});
	});
	afterAll(() => site?.stop());

	async function view(token = site.prepared.manager, id = site.prepared.processId) {
		const client = new Client(site.url, { 'accept-language': 'it' });
		client.cookies.set('piazza_session', token);
		const response = await client.fetch(`/staff/processes/${id}`);
		return {
			status: response.status,
			document: new DOMParser().parseFromString(await response.text(), 'text/html')
		};
	}
	const texts = (document: Document, selector: string) =>
		[...document.querySelectorAll(selector)].map((el) =>
			el.textContent!.replace(/\s+/g, ' ').trim()
		);

	it('puts the places side by side and joins a theme heard in two of them', async () => {
		const { status, document } = await view();
		expect(status).toBe(200);
		const places = texts(document, '[data-testid="process-places"] tbody tr');
		expect(places).toHaveLength(3);
		expect(places[0]).toContain('Villa Ghirlanda, Cinisello');
		expect(places[2]).toContain('Biblioteca Zara');
		const themes = texts(document, '[data-testid="process-themes"] li');
		expect(themes[0]).toMatch(
			/^Orari 3 note, 10 punti Sentito a: Villa Ghirlanda, Cinisello, Biblioteca di Sesto San Giovanni$/
		);
		expect(themes[1]).toMatch(/^Spazi 1 note, 1 punti/);
		const ideas = texts(document, '[data-testid="process-ideas"] li');
		expect(ideas[0]).toMatch(/^7 Prestito di attrezzi da Biblioteca Zara/);
		expect(ideas[1]).toMatch(/^5 Aperta la sera da Villa Ghirlanda, Cinisello/);
		expect(texts(document, '[data-testid="process-proposals"] li')).toEqual([
			expect.stringMatching(/^Biblioteca aperta la sera Proposta da Villa Ghirlanda, Cinisello$/)
		]);
		expect(document.body.textContent).toContain('In tutto: 3 persone');
	});

	it('shows a facilitator only the evenings they ran, and answers 404 for no process', async () => {
		const { document } = await view(site.prepared.facilitator);
		const places = texts(document, '[data-testid="process-places"] tbody tr');
		expect(places).toHaveLength(1);
		expect(places[0]).toContain('Sesto San Giovanni');
		expect(texts(document, '[data-testid="process-themes"] li')[0]).toMatch(
			/^orari 1 note, 3 punti/
		);
		expect((await view(site.prepared.manager, '00000000-0000-4000-8000-000000000000')).status).toBe(
			404
		);
		expect((await view(site.prepared.manager, 'not-an-id')).status).toBe(404);
	});
});
