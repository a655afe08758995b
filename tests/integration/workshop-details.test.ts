import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { addWorkshop, demoWorkshopId, staffToken } from '../helpers/workshops';

// Contract (DESIGN.md §4): GET /api/workshops/<workshopId> → 200 {"id","code","title","status",
// "branch","activities":[{"id","kind","title","boardId","phase"}]} for its participants and staff;
// others → 403; 404 for managers and admins when it does not exist.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOWHERE = '00000000-0000-4000-8000-000000000000';

describe.each(databaseKinds)('reading a workshop on %s', (kind) => {
	let site: Site<{ demoId: string; otherId: string; manager: string; facilitator: string }>;
	let participant: Client;

	beforeAll(async () => {
		site = await startSite(kind, {
			prepare: async (db) => ({
				demoId: await demoWorkshopId(db),
				otherId: await addWorkshop(db, {
					code: 'BRERA9',
					title: 'Un altro laboratorio',
					status: 'live',
					placeText: 'Cortile della scuola di via Maffucci'
				}),
				manager: await staffToken(db, 'responsabile@example.org'),
				facilitator: await staffToken(db, 'facilitatore@example.org')
			})
		});
		participant = new Client(site.url);
		expect((await participant.post('/api/workshops/CASA42/join', { name: 'Maria' })).status).toBe(
			200
		);
	});
	afterAll(() => site?.stop());

	it('shows a participant their workshop in the agreed shape, agenda in order', async () => {
		const response = await participant.fetch(`/api/workshops/${site.prepared.demoId}`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			id: site.prepared.demoId,
			code: 'CASA42',
			title: 'La biblioteca che vorrei — serata di quartiere',
			status: 'live',
			branch: {
				id: expect.stringMatching(UUID),
				slug: 'dergano',
				name: 'Biblioteca Dergano',
				municipio: 9
			},
			activities: [
				{
					id: expect.stringMatching(UUID),
					kind: 'empathy-map',
					title: 'Mappa dell’empatia',
					boardId: expect.stringMatching(UUID),
					phase: 'open'
				},
				{
					id: expect.stringMatching(UUID),
					kind: 'idea-wall',
					title: 'Muro delle idee',
					boardId: expect.stringMatching(UUID),
					phase: 'locked'
				}
			],
			place: null,
			welcomeText: expect.stringMatching(/^Benvenute e benvenuti!/),
			startsAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
		});
	});

	it('refuses a visitor without a session with 403 and a JSON error', async () => {
		const response = await new Client(site.url).fetch(`/api/workshops/${site.prepared.demoId}`);
		expect(response.status).toBe(403);
		expect(await response.json()).toEqual({
			error: 'forbidden',
			message: expect.stringMatching(/^Solo chi partecipa a questo laboratorio/)
		});
	});

	it('refuses a participant of another workshop', async () => {
		const response = await participant.fetch(`/api/workshops/${site.prepared.otherId}`);
		expect(response.status).toBe(403);
		expect((await response.json()).error).toBe('forbidden');
	});

	it('answers 403 to non-staff whether or not the workshop exists, so ids cannot be probed', async () => {
		for (const id of [NOWHERE, 'nope', "1' or '1'='1", 'CASA42']) {
			const response = await participant.fetch(`/api/workshops/${encodeURIComponent(id)}`);
			expect(response.status, id).toBe(403);
			expect((await response.json()).error).toBe('forbidden');
		}
	});

	it('shows a facilitator the workshops they run, and refuses them the others', async () => {
		const facilitator = new Client(site.url);
		facilitator.cookies.set('piazza_session', site.prepared.facilitator);
		expect((await facilitator.fetch(`/api/workshops/${site.prepared.demoId}`)).status).toBe(200);
		const other = await facilitator.fetch(`/api/workshops/${site.prepared.otherId}`);
		expect(other.status).toBe(403);
		expect((await other.json()).error).toBe('forbidden');
	});

	it('refuses a facilitator the same way whether a workshop is someone else’s or does not exist', async () => {
		const facilitator = new Client(site.url);
		facilitator.cookies.set('piazza_session', site.prepared.facilitator);
		const answers = [];
		for (const id of [site.prepared.otherId, NOWHERE, 'nope']) {
			const response = await facilitator.fetch(`/api/workshops/${id}`);
			answers.push({ status: response.status, body: await response.text() });
		}
		expect(answers[0]).toEqual({
			status: 403,
			body: expect.stringContaining('"error":"forbidden"')
		});
		expect(answers[1]).toEqual(answers[0]);
		expect(answers[2]).toEqual(answers[0]);
	});

	it('shows a manager any workshop, and tells them when there is none', async () => {
		const staff = new Client(site.url);
		staff.cookies.set('piazza_session', site.prepared.manager);
		const other = await staff.fetch(`/api/workshops/${site.prepared.otherId}`);
		expect(other.status).toBe(200);
		expect(await other.json()).toMatchObject({
			code: 'BRERA9',
			branch: null,
			activities: [],
			place: 'Cortile della scuola di via Maffucci'
		});
		for (const id of [NOWHERE, 'nope']) {
			const missing = await staff.fetch(`/api/workshops/${id}`);
			expect(missing.status, id).toBe(404);
			expect((await missing.json()).error).toBe('not_found');
		}
	});
});
