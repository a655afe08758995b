import type { APIRequestContext, Page } from '@playwright/test';
import { addNote } from '../../src/lib/domain/board/notes';
import { connect } from '../helpers/collab';
import { expect, test } from './fixtures';
import { act, createWorkshop, joinOnPhone, signInFacilitator } from './live-workshop';

/**
 * The projector follows the workshop as the facilitator runs it: join screen, head count, the
 * current board live, the timer, "vote!" without tallies, then the results as bars whose counts
 * are the database's. The facilitator acts through the actions endpoint, as the run page does.
 */

test.skip(({ isMobile }) => isMobile, 'The projector is a desktop screen.');

const SIZES = [
	{ width: 1920, height: 1080 },
	{ width: 1280, height: 720 }
];

/** Screenshots of the projector at both 16:9 sizes, then back to 1280×720 for the assertions. */
async function shots(page: Page, shot: (name: string) => Promise<void>, name: string) {
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await shot(`screen-${name}-${size.height}`);
	}
}

/** A resident writing many notes from a client of their own (a stock y-websocket provider). */
async function writeNotes(
	request: APIRequestContext,
	baseURL: string,
	code: string,
	name: string,
	boardId: string,
	notes: { text: string; section?: string }[]
) {
	const joined = await request.post(`/api/workshops/${code}/join`, { data: { name } });
	expect(joined.status()).toBe(200);
	const { participantId } = (await joined.json()) as { participantId: string };
	const state = await request.storageState();
	const cookie = state.cookies.find((c) => c.name === 'piazza_session')!.value;
	const { doc, destroy } = await connect(baseURL, `board:${boardId}`, cookie);
	let at = Date.now();
	const colours = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'] as const;
	for (const [i, note] of notes.entries())
		addNote(doc, { id: participantId, name }, { ...note, colour: colours[i % 6] }, at++);
	return destroy;
}

const EMPATHY = [
	{ text: '«Vengo qui perché a casa non ho silenzio»', section: 'says' },
	{ text: 'Che la sala chiuda troppo presto', section: 'thinks' },
	{ text: 'Arriva alle 9 con il portatile', section: 'does' },
	{ text: 'Si sente a casa tra gli scaffali', section: 'feels' },
	{ text: 'Poche prese vicino ai tavoli', section: 'pains' },
	{ text: 'Trovare posto anche di sabato', section: 'gains' },
	{ text: 'Chiede spesso aiuto per stampare', section: 'does' }
];

const IDEAS = [
	'Aperta la domenica mattina',
	'Un angolo silenzioso per studiare',
	'Corsi di italiano per adulti',
	'Prestito di strumenti musicali',
	'Più prese elettriche ai tavoli',
	'Letture ad alta voce per i bambini',
	'Un giardino di lettura in cortile',
	'Wi-Fi più veloce in sala',
	'Giochi da tavolo il venerdì sera',
	'Aiuto con lo SPID e i moduli online',
	'Stampante 3D da usare con un tutor',
	'Club del libro in spagnolo',
	'Spazio per i compiti dopo scuola',
	'Caffè e tisane al piano terra',
	'Mostre dei ragazzi del quartiere',
	'Prestito di biciclette cargo',
	'Orari serali il giovedì',
	'Laboratori di riparazione',
	'Sedute comode vicino alle finestre'
];

test('the projector follows the workshop: count, board, timer, vote and results', async ({
	page,
	browser,
	request,
	baseURL,
	shot
}) => {
	test.setTimeout(180_000);
	await signInFacilitator(page);
	const workshop = await createWorkshop(page, 'Laboratorio sul proiettore');
	const [empathy, ideas, , voting] = workshop.activities;
	expect(voting!.kind).toBe('dot-voting');

	// Before any activity: the full join screen, nobody connected yet.
	await page.setViewportSize({ width: 1280, height: 720 });
	await page.goto(`/screen/${workshop.id}`);
	await expect(page.getByTestId('screen-code')).toHaveText(workshop.code);
	const people = page.getByTestId('screen-people').locator('.figure');
	await expect(people).toHaveText('0');
	await expect(page.getByRole('button')).toHaveCount(0);

	// A resident joins: her open phone is counted.
	const anna = await joinOnPhone(browser, baseURL!, workshop.code, 'Anna');
	await expect(people).toHaveText('1');
	const present = Number(await people.textContent());
	await shots(page, shot, 'before');

	// The facilitator goes to the empathy map: the screen follows, the join strip stays.
	await act(page.request, workshop.id, { type: 'goto', activityId: empathy!.id });
	await expect(page.getByRole('heading', { level: 1, name: empathy!.title })).toBeVisible();
	await expect(page.getByTestId('screen-code')).toHaveText(workshop.code);
	await expect(page.getByTestId('screen-people').locator('.figure')).toHaveText(String(present));
	// Notes sit in their quadrants.
	await act(page.request, workshop.id, {
		type: 'board-phase',
		boardId: empathy!.boardId,
		phase: 'open'
	});
	const empathyNotes = await writeNotes(
		request,
		baseURL!,
		workshop.code,
		'Rita',
		empathy!.boardId,
		EMPATHY
	);
	const pains = page.getByRole('region', { name: 'Difficoltà', exact: true });
	await expect(pains.getByText('Poche prese vicino ai tavoli')).toBeVisible();
	await expect(page.getByRole('region', { name: 'Fa', exact: true }).locator('li')).toHaveCount(2);
	empathyNotes();
	await shots(page, shot, 'empathy');
	// Closed again, so that the phone's open board is the idea wall.
	await act(page.request, workshop.id, {
		type: 'board-phase',
		boardId: empathy!.boardId,
		phase: 'locked'
	});

	// Then to the idea wall, opened for writing; Anna's phone shows it and she writes.
	await act(page.request, workshop.id, { type: 'goto', activityId: ideas!.id });
	await act(page.request, workshop.id, {
		type: 'board-phase',
		boardId: ideas!.boardId,
		phase: 'open'
	});
	await expect(page.getByRole('heading', { level: 1, name: ideas!.title })).toBeVisible();
	await expect(page.getByText('Scrivete dal telefono')).toBeVisible();
	await anna.page.reload();
	const markup = '<b>grassetto</b> <script>window.pwned = 1</script>';
	for (const text of ['Vorrei la biblioteca aperta fino a tardi', markup]) {
		await anna.page.getByRole('textbox', { name: 'La tua nota' }).fill(text);
		await anna.page.getByRole('button', { name: 'Aggiungi la nota' }).click();
	}
	const wall = page.getByTestId('screen-wall');
	const annaNote = wall.locator('li', { hasText: 'Vorrei la biblioteca aperta fino a tardi' });
	await expect(annaNote).toBeVisible();
	await expect(annaNote).toContainText('Anna');
	// Markup in a note is text: shown as typed, never turned into elements or run.
	await expect(wall.getByText(markup, { exact: true })).toBeVisible();
	await expect(wall.locator('b, script')).toHaveCount(0);
	expect(
		await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)
	).toBeUndefined();

	// The timer shows, large, in step with the server.
	await act(page.request, workshop.id, { type: 'timer', op: 'start', seconds: 300 });
	await expect(page.locator('.countdown .time')).toHaveText(/^[45]:\d\d$/);

	// A full wall: twenty-one notes still fit, newest first.
	const stop = await writeNotes(
		request,
		baseURL!,
		workshop.code,
		'Rita',
		ideas!.boardId,
		IDEAS.map((text) => ({ text }))
	);
	await expect(wall.locator('li')).toHaveCount(IDEAS.length + 2);
	await expect(wall.locator('li').first()).toContainText(IDEAS.at(-1)!);
	stop();
	await shots(page, shot, 'board');

	// Voting opens: the budget, and no tallies while it is open.
	await act(page.request, workshop.id, { type: 'goto', activityId: voting!.id });
	await act(page.request, workshop.id, {
		type: 'voting',
		boardId: ideas!.boardId,
		state: 'open',
		budget: 3
	});
	await expect(page.getByTestId('screen-vote')).toContainText('Votate!');
	await expect(page.getByTestId('screen-vote')).toContainText('3 punti a testa');
	await expect(page.getByTestId('result')).toHaveCount(0);
	const itemId = (await annaNote.getAttribute('data-note'))!;
	for (let i = 0; i < 2; i++) {
		const vote = await anna.context.request.post(`/api/boards/${ideas!.boardId}/votes`, {
			data: { itemId, delta: 1 }
		});
		expect(vote.status()).toBe(200);
	}
	const paper = await page.request.post(`/api/boards/${ideas!.boardId}/paper-votes`, {
		data: { itemId, count: 3 }
	});
	expect(paper.status()).toBe(200);
	// Paper dots on three more ideas, each fewer than Anna's note has in all.
	const others = wall.locator('li');
	for (const [i, count] of [4, 2, 1].entries()) {
		const other = (await others.nth(i).getAttribute('data-note'))!;
		const more = await page.request.post(`/api/boards/${ideas!.boardId}/paper-votes`, {
			data: { itemId: other, count }
		});
		expect(more.status()).toBe(200);
	}
	await expect(page.getByTestId('result')).toHaveCount(0);
	await shots(page, shot, 'voting');

	// Revealed: the bar and its count are what the server holds (Anna's dots plus the paper ones).
	await act(page.request, workshop.id, {
		type: 'voting',
		boardId: ideas!.boardId,
		state: 'revealed'
	});
	const mine = (await (
		await anna.context.request.get(`/api/boards/${ideas!.boardId}/votes`)
	).json()) as { votes: Record<string, number> };
	expect(mine.votes[itemId]).toBe(2);
	const row = page.locator(`[data-testid="result"][data-item="${itemId}"]`);
	await expect(row).toContainText('Vorrei la biblioteca aperta fino a tardi');
	await expect(row.getByTestId('result-count')).toHaveText(String(mine.votes[itemId]! + 3));
	await expect(page.getByTestId('result').first()).toHaveAttribute('data-item', itemId);
	await expect(page.getByText('su carta', { exact: true })).toBeVisible();
	await shots(page, shot, 'results');

	await anna.context.close();
});
