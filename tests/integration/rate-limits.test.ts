import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boards } from '../../src/lib/server/db/schema/index';
import { demoBoards } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId, participantToken, staffToken } from '../helpers/workshops';

/**
 * Flood guards on votes and exports (issue 8): past the ceiling set by the environment, 429
 * `rate_limited` with Retry-After and a message saying how long to wait, in the person's language;
 * other people are not affected. The ceilings are set low here; the defaults are far above use.
 */

interface Prepared {
	boardId: string;
	tapper: string;
	neighbour: string;
	manager: string;
	admin: string;
}

const VOTES = 10;
const EXPORTS = 3;

describe.each(databaseKinds)('rate limits on votes and exports on %s', (kind) => {
	let site: Site<Prepared>;

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, {
			env: { VOTES_PER_SESSION_PER_MINUTE: String(VOTES), EXPORTS_PER_MINUTE: String(EXPORTS) },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const { open } = await demoBoards(db, workshopId);
				await db
					.update(boards)
					.set({ votingState: 'open', voteBudget: 3 })
					.where(eq(boards.id, open));
				return {
					boardId: open,
					tapper: await participantToken(db, workshopId, 'Tamara'),
					neighbour: await participantToken(db, workshopId, 'Nico'),
					manager: await staffToken(db, 'responsabile@example.org'),
					admin: await staffToken(db, 'admin@example.org')
				};
			}
		});
	});
	afterAll(() => site?.stop());

	const vote = (token: string, language = 'it') =>
		fetch(`${site.url}/api/boards/${site.prepared.boardId}/votes`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				cookie: `piazza_session=${token}`,
				'accept-language': language,
				origin: site.url
			},
			// An item that is not on the board: refused with 404, but a tap all the same.
			body: JSON.stringify({ itemId: 'nessuna-nota', delta: 1 })
		});

	const get = (path: string, token: string | null, language = 'it') =>
		fetch(`${site.url}${path}`, {
			headers: {
				...(token ? { cookie: `piazza_session=${token}` } : {}),
				'accept-language': language
			}
		});

	async function expectLimited(response: Response, language: 'it' | 'en') {
		expect(response.status).toBe(429);
		const wait = Number(response.headers.get('retry-after'));
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(60);
		const body = (await response.json()) as { error: string; message: string };
		expect(body.error).toBe('rate_limited');
		expect(body.message).toMatch(
			language === 'it' ? /^Troppi tentativi\. Riprova tra / : /^Too many attempts\. Try again in /
		);
	}

	it('answers a session’s votes past VOTES_PER_SESSION_PER_MINUTE with 429 and how long to wait, and nobody else’s', async () => {
		const { tapper, neighbour } = site.prepared;
		for (let i = 0; i < VOTES; i++) expect((await vote(tapper)).status).toBe(404);
		await expectLimited(await vote(tapper), 'it');
		await expectLimited(await vote(tapper, 'en'), 'en');
		// The neighbour on the same address and board is answered as before.
		expect((await vote(neighbour)).status).toBe(404);
	});

	it('counts every export of one staff member together, past EXPORTS_PER_MINUTE 429, and nobody else’s', async () => {
		const { manager, admin } = site.prepared;
		const exports = ['/api/proposals.csv', '/api/participation.csv', '/api/proposals.csv'];
		for (const path of exports) expect((await get(path, manager)).status).toBe(200);
		await expectLimited(await get('/api/participation.csv', manager, 'en'), 'en');
		await expectLimited(await get('/api/proposals.csv', manager), 'it');
		expect((await get('/api/proposals.csv', admin)).status).toBe(200);
	});

	it('limits the open data per address, and says so to scripts on other sites too', async () => {
		for (let i = 0; i < EXPORTS; i++)
			expect((await get('/api/open-data/proposals.json', null)).status).toBe(200);
		const refused = await get('/api/open-data/proposals.json', null, 'en');
		expect(refused.headers.get('access-control-allow-origin')).toBe('*');
		await expectLimited(refused, 'en');
	});
});
