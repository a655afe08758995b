import { request } from '@playwright/test';
import type { APIRequestContext, APIResponse, Page } from '@playwright/test';
import * as Y from 'yjs';
import { connect, noteKey, noteOf } from '../helpers/collab';
import { expect, switchLanguage, test } from './fixtures';
import { expectNoAxeViolations } from './a11y';

/**
 * The public side of proposals: a proposal seeded through the API (a resident's notes on the live
 * board, promoted by the facilitator, described live by staff, taken by the manager through a
 * trial to adoption; a second one archived), then read by anyone at /p/<id> and /w/<workshopId>,
 * on a phone and a desktop, in Italian and English.
 */

interface Seeded {
	workshopId: string;
	adopted: string;
	archived: string;
}

const inDays = (days: number) =>
	new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function sessionOf(response: { headers(): Record<string, string> }): string {
	const token = /piazza_session=([^;]+)/.exec(response.headers()['set-cookie'] ?? '')?.[1];
	if (!token) throw new Error('No session cookie in the answer');
	return token;
}

async function staffContext(baseURL: string, email: string) {
	const context = await request.newContext({ baseURL });
	const signedIn = await context.post('/api/auth/sign-in', {
		data: { email, password: 'piazza-demo' }
	});
	expect(signedIn.status()).toBe(200);
	return { context, token: sessionOf(signedIn) };
}

async function ok(response: Promise<APIResponse>, status = 200) {
	const answer = await response;
	expect(answer.status(), await answer.text()).toBe(status);
	return answer;
}

async function seed(baseURL: string, project: string): Promise<Seeded> {
	const resident = await request.newContext({ baseURL });
	const joined = await ok(
		resident.post('/api/workshops/CASA42/join', { data: { name: 'Teresa' } })
	);
	const { participantId, workshopId } = (await joined.json()) as {
		participantId: string;
		workshopId: string;
	};
	const residentToken = sessionOf(joined);
	const facilitator = await staffContext(baseURL, 'facilitatore@example.org');
	const manager = await staffContext(baseURL, 'responsabile@example.org');

	const details = (await (
		await facilitator.context.get(`/api/workshops/${workshopId}`)
	).json()) as {
		activities: { kind: string; boardId: string; phase: string }[];
	};
	const boardId = details.activities.find((a) => a.phase === 'open')!.boardId;
	const keys = [noteKey(participantId), noteKey(participantId), noteKey(participantId)];
	const board = await connect(baseURL, `board:${boardId}`, residentToken);
	board.doc.transact(() => {
		const notes = board.doc.getMap('notes');
		notes.set(keys[0]!, noteOf(participantId, 'Teresa', 'Armadietti per ritirare i libri la sera'));
		notes.set(keys[1]!, noteOf(participantId, 'Teresa', 'Ritiro prestiti dopo il lavoro'));
		notes.set(keys[2]!, noteOf(participantId, 'Teresa', 'Aperti la domenica mattina'));
	});
	const branches = (await (await resident.get('/api/branches')).json()) as {
		id: string;
		slug: string;
	}[];
	const niguarda = branches.find((b) => b.slug === 'niguarda')!.id;
	const dergano = branches.find((b) => b.slug === 'dergano')!.id;

	// The notes reach the server before the promotion reads them from the live board.
	const promote = async (title: string, noteIds: string[]) => {
		let answer: Awaited<ReturnType<APIRequestContext['post']>> | null = null;
		await expect
			.poll(async () => {
				answer = await facilitator.context.post('/api/proposals', {
					data: {
						title,
						problem:
							'Chi lavora non arriva in biblioteca prima delle 19, quando chiude il prestito.',
						source: { boardId, noteIds },
						branchIds: [niguarda, dergano],
						serviceSlugs: ['smart-locker']
					}
				});
				return answer.status();
			})
			.toBe(201);
		return ((await answer!.json()) as { id: string }).id;
	};
	const adopted = await promote(`Ritiro fuori orario (${project})`, [keys[0]!, keys[1]!]);
	const archived = await promote(`Aperti la domenica (${project})`, [keys[2]!]);
	board.destroy();
	// Teresa took part in the workshop: she may comment on the proposal born from her notes.
	await ok(
		resident.post(`/api/proposals/${adopted}/comments`, {
			data: { text: 'Lo userei il giovedì, quando esco tardi.' }
		}),
		201
	);

	// Staff write the description live, as the editor would.
	const text = await connect(baseURL, `proposal:${adopted}`, facilitator.token);
	text.doc.transact(() => {
		const heading = new Y.XmlElement('heading');
		heading.setAttribute('level', 2 as unknown as string);
		heading.insert(0, [new Y.XmlText('Come funziona')]);
		const paragraph = new Y.XmlElement('paragraph');
		const words = new Y.XmlText();
		paragraph.insert(0, [words]);
		let at = 0;
		const add = (part: string, format?: Record<string, unknown>) => {
			words.insert(at, part, format);
			at += part.length;
		};
		add('Un armadietto ');
		add('fuori dalla biblioteca', { bold: true });
		add(': si ritira con la tessera, anche di sera. ', { bold: null });
		add('Il regolamento', { link: { href: 'https://www.comune.milano.it/biblioteche' } });
		add(' <script>alert(1)</script>', { link: null });
		const list = new Y.XmlElement('bulletList');
		list.insert(
			0,
			['Aperto fino alle 23', 'Cinque scomparti'].map((line) => {
				const item = new Y.XmlElement('listItem');
				const itemParagraph = new Y.XmlElement('paragraph');
				itemParagraph.insert(0, [new Y.XmlText(line)]);
				item.insert(0, [itemParagraph]);
				return item;
			})
		);
		text.doc.getXmlFragment('default').insert(0, [heading, paragraph, list]);
	});

	const move = (id: string, data: Record<string, unknown>) =>
		ok(manager.context.post(`/api/proposals/${id}/transitions`, { data }));
	await move(adopted, { to: 'shortlisted', note: 'Piace a molti: 5 voti nel laboratorio.' });
	await move(adopted, {
		to: 'prototyping',
		note: '',
		plan: {
			pilotBranchId: niguarda,
			startsOn: inDays(1),
			endsOn: inDays(90),
			hypothesis: 'Un armadietto fuori orario fa ritirare più prestiti a chi lavora.',
			measures: [{ what: 'Prestiti ritirati dopo le 19', threshold: 'almeno 40 al mese' }]
		}
	});
	await move(adopted, { to: 'evaluating', note: 'Tre mesi di prova conclusi.' });
	await move(adopted, {
		to: 'adopted',
		note: '',
		evaluation: {
			results: [{ observed: '52 al mese', met: true }],
			feedback: 'Comodo per chi esce tardi dal lavoro.',
			decision: 'adopt',
			why: 'Ha superato la soglia e piace a chi lo usa.'
		}
	});
	await move(archived, {
		to: 'archived',
		note: 'Le biblioteche di quartiere sono chiuse la domenica per contratto.'
	});
	// The text is stored when the manager's moves are done; the page reads the live document anyway.
	text.destroy();
	await Promise.all([resident.dispose(), facilitator.context.dispose(), manager.context.dispose()]);
	return { workshopId, adopted, archived };
}

async function expectNoSidewaysScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

let seeded: Seeded;

// eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
test.beforeAll(async ({}, testInfo) => {
	const baseURL = process.env.PIAZZA_E2E_URL;
	if (!baseURL) throw new Error('PIAZZA_E2E_URL is not set: run through `npm run test:e2e`.');
	seeded = await seed(baseURL, testInfo.project.name);
});

test('anyone reads what became of a proposal, in Italian and English', async ({ page, shot }) => {
	await page.goto(`/p/${seeded.adopted}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Ritiro fuori orario');
	await expect(page.getByText('A che punto è adesso: Adottata')).toBeVisible();
	await expect(page.locator('.steps li.done')).toHaveCount(5);
	await expect(page.getByRole('heading', { name: 'Come funziona' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Il regolamento' })).toHaveAttribute(
		'href',
		'https://www.comune.milano.it/biblioteche'
	);
	await expect(page.getByText('<script>alert(1)</script>')).toBeVisible();
	await expect(page.getByText('Prestiti ritirati dopo le 19').first()).toBeVisible();
	await expect(page.getByText('Armadietti per ritirare i libri la sera')).toBeVisible();
	await expect(page.getByText('— Teresa').first()).toBeVisible();
	await expect(page.getByText('Adottata: diventa un servizio della biblioteca')).toBeVisible();
	await expectNoSidewaysScroll(page);
	await shot('proposal');
	await expectNoAxeViolations(page, 'proposal-public 1');

	await switchLanguage(page);
	await expect(page.getByText('Where it stands now: Adopted')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'The story of the proposal' })).toBeVisible();
	await expect(page.getByText('Adopted: it becomes a library service')).toBeVisible();
	await expect(page.getByText('The trial starts')).toBeVisible();
	await expectNoSidewaysScroll(page);
	await shot('proposal-en');

	await page.goto(`/p/${seeded.archived}`);
	await expect(page.getByText('The library has stopped this proposal')).toBeVisible();
	await expect(
		page.getByText('Le biblioteche di quartiere sono chiuse la domenica per contratto.').first()
	).toBeVisible();
	await expect(page.getByText('stopped here')).toBeVisible();
	await shot('proposal-archived-en');
	await expectNoAxeViolations(page, 'proposal-public 2');
});

test('a comment says the day it was written in words, in the reader’s language', async ({
	page,
	shot
}) => {
	// The day in the library's zone, as Intl writes it in each language ("14 marzo 2026").
	const dayIn = (locale: string, at: string) =>
		new Intl.DateTimeFormat(locale, {
			timeZone: 'Europe/Rome',
			day: 'numeric',
			month: 'long',
			year: 'numeric'
		}).format(new Date(at));
	await page.goto(`/p/${seeded.adopted}`);
	const comment = page
		.getByRole('listitem')
		.filter({ hasText: 'Lo userei il giovedì, quando esco tardi.' });
	const time = comment.locator('time');
	// Machines still read the instant; people read the day.
	const at = (await time.getAttribute('datetime'))!;
	expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
	await expect(time).toHaveText(dayIn('it', at));
	await expect(time).not.toHaveText(/\d{4}-\d{2}-\d{2}/);
	// The server wrote the same words the browser keeps after hydration.
	const html = await (await page.request.get(`/p/${seeded.adopted}`)).text();
	expect(html).toContain(`>${dayIn('it', at)}</time>`);

	await switchLanguage(page, 'en');
	await expect(time).toHaveText(dayIn('en-GB', at));
	await switchLanguage(page, 'ar');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(time).toHaveText(dayIn('ar', at));
	await expect(time).toHaveAttribute('datetime', at);
	await comment.scrollIntoViewIfNeeded();
	await expectNoSidewaysScroll(page);
	await shot('proposal-comments-ar');
});

test('a workshop’s page tells what happened to its ideas, and leads to each proposal', async ({
	page,
	shot
}) => {
	await page.goto(`/w/${seeded.workshopId}`);
	await expect(
		page.getByRole('heading', { name: 'Cosa è successo alle nostre idee' })
	).toBeVisible();
	const adopted = page.getByRole('listitem').filter({ hasText: 'Ritiro fuori orario' }).first();
	await expect(adopted).toContainText('Adottata');
	await expect(adopted).toContainText('Ultimo aggiornamento:');
	await expect(
		page.getByRole('listitem').filter({ hasText: 'Aperti la domenica' }).first()
	).toContainText('Archiviata');
	await expectNoSidewaysScroll(page);
	await shot('workshop-outcomes');
	await expectNoAxeViolations(page, 'proposal-public 3');

	await switchLanguage(page);
	await expect(page.getByRole('heading', { name: 'What happened to our ideas' })).toBeVisible();
	await expect(page.getByText('Last update:').first()).toBeVisible();
	await shot('workshop-outcomes-en');
	await page
		.getByRole('link', { name: /Ritiro fuori orario/ })
		.first()
		.click();
	await expect(page).toHaveURL(/\/p\/[0-9a-f-]{36}$/);
	await expect(page.getByText('Where it stands now: Adopted')).toBeVisible();
});
