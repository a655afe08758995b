import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boards } from '../../src/lib/server/db/schema/index';
import { demoBoards } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import * as users from '../../src/lib/server/staff/users';
import type { Database } from '../../src/lib/server/db/client';
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
	/** Another manager, whose exports only the browser-tab test counts. */
	browsing: string;
}

/** A signed-in manager of their own, so that their exports are counted apart. */
async function managerToken(db: Database): Promise<string> {
	const created = await users.create(db, {
		name: 'Bruna Sfoglia',
		email: 'bruna.sfoglia@example.org',
		role: 'manager',
		password: 'piazza-sfoglia-2026'
	});
	if (!created.ok) throw new Error('could not create the second manager');
	return staffToken(db, 'bruna.sfoglia@example.org');
}

/** What Chromium sends when a tab navigates to a link. */
const NAVIGATION =
	'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

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
					admin: await staffToken(db, 'admin@example.org'),
					browsing: await managerToken(db)
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

	it('shows a browser tab a page in its language with the wait and a link back, and scripts the JSON', async () => {
		const { browsing } = site.prepared;
		const tab = (language: string) =>
			fetch(`${site.url}/api/proposals.csv?stage=proposed`, {
				headers: {
					cookie: `piazza_session=${browsing}`,
					accept: NAVIGATION,
					'accept-language': language,
					referer: `${site.url}/staff/review?stage=proposed`
				}
			});
		for (let i = 0; i < EXPORTS; i++) expect((await tab('it')).status).toBe(200);

		const page = await tab('it');
		expect(page.status).toBe(429);
		const wait = Number(page.headers.get('retry-after'));
		expect(wait).toBeGreaterThan(0);
		expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
		const html = await page.text();
		expect(html).toContain('<html lang="it">');
		expect(html).toContain('<h1>Troppe richieste</h1>');
		expect(html).toMatch(/Troppi tentativi\. Riprova tra /);
		expect(html).toContain('<a href="/staff/review?stage=proposed">Torna alla pagina di prima</a>');

		const english = await tab('en');
		expect(english.status).toBe(429);
		const englishHtml = await english.text();
		expect(englishHtml).toContain('<html lang="en">');
		expect(englishHtml).toMatch(/Too many attempts\. Try again in /);
		expect(englishHtml).toContain('Back to the previous page');

		// A script with the same session, asking for JSON or for anything, keeps the contract's JSON.
		for (const accept of ['application/json', '*/*']) {
			const response = await fetch(`${site.url}/api/proposals.csv`, {
				headers: { cookie: `piazza_session=${browsing}`, accept, 'accept-language': 'en' }
			});
			expect(response.headers.get('vary')).toBe('Accept');
			await expectLimited(response, 'en');
		}
	});
});
