import type { Page } from '@playwright/test';
import { connect } from '../helpers/collab';
import { expect, test } from './fixtures';
import { createWorkshop, joinOnPhone, signInFacilitator } from './live-workshop';

/**
 * Dot voting on groups: the facilitator clusters the idea wall, picks "Gruppi" in the live room
 * while voting is closed, and opens a 2-dot vote. A phone that loaded the room before the choice
 * follows it without a reload, places its dots on the groups and sees its budget; at the reveal the
 * phone, the projector, the facilitator's results and the database show the same group totals.
 */

test.skip(({ isMobile }) => isMobile, 'The facilitator’s laptop drives it; the phone is its own.');

const IDEAS = ['Sala studio aperta la sera', 'Aperti la domenica', 'Prestito di caricabatterie'];

/** A screenshot of the phone, named like the `shot` fixture names the laptop's. */
async function phoneShot(page: Page, name: string) {
	await page.screenshot({ path: `test-results/screens/${name}-phone.png`, fullPage: true });
}

test('a 2-dot vote on groups: chosen in the live room, cast on a phone, the same totals everywhere', async ({
	page,
	browser,
	baseURL,
	shot
}) => {
	test.setTimeout(120_000);
	await signInFacilitator(page);
	const workshop = await createWorkshop(page, 'Votiamo i gruppi');
	const ideas = workshop.byKind('idea-wall');
	const voting = workshop.byKind('dot-voting');
	expect(voting.boardId).toBe(ideas.boardId);

	// Setup through the board document, as the canvas writes it: three ideas from a paper sheet,
	// two groups. The live server lets facilitators write every root of a board.
	const cookie = (await page.context().cookies()).find((c) => c.name === 'piazza_session')!;
	const canvas = await connect(baseURL!, `board:${ideas.boardId}`, cookie.value);
	// Paper keys are `paper:` and 12 lower-case letters or digits (board/paper.ts).
	const keys = IDEAS.map((_, i) => `paper:clustervot0${i}`);
	canvas.doc.transact(() => {
		const notes = canvas.doc.getMap('notes');
		const layout = canvas.doc.getMap('layout');
		IDEAS.forEach((text, i) => {
			notes.set(keys[i]!, {
				authorId: 'paper',
				authorName: '',
				text,
				section: null,
				colour: 'yellow',
				createdAt: Date.now(),
				fromPaper: true
			});
		});
		canvas.doc.getMap('clusters').set('orari', { label: 'Orari', x: 0, y: 0, colour: 'blue' });
		canvas.doc
			.getMap('clusters')
			.set('servizi', { label: 'Servizi', x: 0, y: 300, colour: 'green' });
		layout.set(keys[0]!, { x: 10, y: 10, clusterId: 'orari' });
		layout.set(keys[1]!, { x: 10, y: 60, clusterId: 'orari' });
		layout.set(keys[2]!, { x: 10, y: 310, clusterId: 'servizi' });
	});
	// The document is the server's once it answers with what was written.
	const check = await connect(baseURL!, `board:${ideas.boardId}`, cookie.value);
	await expect.poll(() => check.doc.getMap('clusters').size).toBe(2);
	check.destroy();
	canvas.destroy();

	// The phone is in the room before the choice: it loaded "notes" with the page.
	const anna = await joinOnPhone(browser, baseURL!, workshop.code, 'Anna');
	const room = page;
	await room.goto(`/staff/run/${workshop.id}`);
	await room.getByRole('button', { name: `Porta tutti su «${voting.title}»` }).click();
	await expect(anna.page.getByRole('heading', { name: 'Le idee da votare' })).toBeVisible();

	// The live room offers the choice while voting is closed and nobody has voted.
	const votingControls = room.getByTestId('voting-controls');
	const target = votingControls.getByRole('group', { name: 'Si vota su' });
	await expect(target.getByRole('button', { name: 'Singole idee' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await target.getByRole('button', { name: 'Gruppi' }).click();
	await expect(target.getByRole('button', { name: 'Gruppi' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await shot('cluster-vote-choice');

	// The phone follows without a reload: the groups, each with its ideas.
	await expect(anna.page.getByRole('heading', { name: 'I gruppi da votare' })).toBeVisible();
	const items = anna.page.getByTestId('vote-item');
	await expect(items).toHaveCount(2);
	await expect(items.filter({ hasText: 'Orari' })).toContainText(IDEAS[0]!);
	await expect(items.filter({ hasText: 'Orari' })).toContainText(IDEAS[1]!);
	await expect(items.filter({ hasText: 'Servizi' })).toContainText(IDEAS[2]!);

	// A 2-dot vote: the room now says what the dots go on, and no longer offers the choice.
	await votingControls.getByLabel('Punti a persona').fill('2');
	await votingControls.getByRole('button', { name: 'Apri il voto' }).click();
	await expect(votingControls.getByTestId('voting-state')).toHaveText(
		'Voto aperto: 2 punti a persona'
	);
	await expect(votingControls.getByTestId('vote-on-now')).toHaveText('Si vota sui gruppi');
	await expect(target).toHaveCount(0);

	// Anna puts both her dots on "Orari", the budget always in view.
	await expect(anna.page.getByText(/Tocca \+ per dare un punto a un gruppo di idee/)).toBeVisible();
	const budget = anna.page.getByTestId('vote-budget');
	await expect(budget).toHaveText(/Ti restano 2 punti su 2/);
	await anna.page.getByRole('button', { name: 'Metti un punto su «Orari»' }).click();
	await expect(budget).toHaveText(/Ti resta 1 punto su 2/);
	await anna.page.getByRole('button', { name: 'Metti un punto su «Orari»' }).click();
	await expect(budget).toHaveText(/Ti restano 0 punti su 2/);
	await expect(items.filter({ hasText: 'Orari' })).toContainText('2 punti tuoi');
	await phoneShot(anna.page, 'cluster-vote-dots');

	// A paper sheet gave "Servizi" one dot: the room's paper form lists the groups.
	const paper = room.getByTestId('paper-dots');
	await paper.getByLabel('Punti dal foglio per «Servizi»').fill('1');
	await paper
		.getByRole('listitem')
		.filter({ hasText: 'Servizi' })
		.getByRole('button', { name: 'Salva' })
		.click();
	await expect(paper.getByText('Salvato: 1')).toBeVisible();
	await shot('cluster-vote-open');

	// Once dots are cast, closing the vote does not bring the choice back.
	await votingControls.getByRole('button', { name: 'Chiudi il voto' }).click();
	await expect(votingControls.getByTestId('voting-state')).toHaveText('Voto chiuso');
	await expect(votingControls.getByTestId('vote-on-now')).toContainText(
		'Ci sono già dei punti: la scelta resta questa.'
	);
	await expect(target).toHaveCount(0);

	// Anna's dots as the database holds them, through the votes endpoint.
	const mine = await anna.page.request.get(`/api/boards/${voting.boardId}/votes`);
	expect(mine.status()).toBe(200);
	expect(((await mine.json()) as { votes: Record<string, number> }).votes).toEqual({ orari: 2 });

	// The reveal, from the room.
	await votingControls.getByRole('button', { name: 'Mostra i risultati…' }).click();
	await votingControls.getByRole('button', { name: 'Sì, mostra i risultati' }).click();
	await expect(votingControls.getByTestId('voting-state')).toHaveText('Risultati pubblicati');

	// The database's tally: the reveal again (no change) answers it, read from SQL.
	const response = await page.request.post(`/api/workshops/${workshop.id}/actions`, {
		data: { type: 'voting', boardId: voting.boardId, state: 'revealed' }
	});
	expect(response.status()).toBe(200);
	const state = (await response.json()) as {
		revealed: Record<string, { entries: { itemId: string; total: number; paper: number }[] }>;
	};
	expect(state.revealed[voting.boardId]!.entries.map((e) => [e.itemId, e.total, e.paper])).toEqual([
		['orari', 2, 0],
		['servizi', 1, 1]
	]);

	const expected = [
		{ label: 'Orari', total: 2 },
		{ label: 'Servizi', total: 1 }
	];
	const phoneRows = anna.page.locator('.result');
	const roomRows = room.getByTestId('results').getByTestId('result');
	const projector = await page.context().newPage();
	await projector.goto(`/screen/${workshop.id}`);
	const screenRows = projector.getByTestId('result');
	await expect(screenRows).toHaveCount(2);
	for (const [i, { label, total }] of expected.entries()) {
		await expect(phoneRows.nth(i)).toContainText(label);
		await expect(phoneRows.nth(i)).toContainText(total === 1 ? '1 punto' : `${total} punti`);
		await expect(roomRows.nth(i)).toContainText(label);
		await expect(roomRows.nth(i)).toContainText(total === 1 ? '1 punto' : `${total} punti`);
		await expect(screenRows.nth(i)).toContainText(label);
		await expect(screenRows.nth(i).getByTestId('result-count')).toHaveText(String(total));
	}
	await expect(phoneRows.nth(1)).toContainText('di cui 1 dal foglio');
	await phoneShot(anna.page, 'cluster-vote-results');
	await shot('cluster-vote-results-room');
	await projector.screenshot({
		path: 'test-results/screens/cluster-vote-results-projector-desktop.png',
		fullPage: true
	});

	// The workshop page says what the vote was on.
	await room.goto(`/staff/workshops/${workshop.id}`);
	await expect(
		room.getByTestId('activity').filter({ hasText: voting.title }).getByTestId('vote-on')
	).toHaveText('Si vota sui gruppi');

	await anna.context.close();
	await projector.close();
});

test('the add-activity form asks what a new dot vote counts dots on', async ({ page, shot }) => {
	await signInFacilitator(page);
	const workshop = await createWorkshop(page, 'Un secondo voto', { start: false });
	const ideas = workshop.byKind('idea-wall');
	await page.goto(`/staff/workshops/${workshop.id}`);
	await page.getByText('Aggiungi un’attività').click();
	const form = page.locator('form[action="?/addActivity"]');
	// Only a dot vote asks.
	await expect(form.getByRole('group', { name: 'Si vota su (voto a punti)' })).toHaveCount(0);
	await form.getByLabel('Tipo').selectOption({ label: 'Voto a punti' });
	const choice = form.getByRole('group', { name: 'Si vota su (voto a punti)' });
	await expect(choice.getByRole('radio', { name: 'singole idee' })).toBeChecked();
	await choice.getByRole('radio', { name: 'gruppi' }).check();
	await form.getByLabel('Titolo').fill('Votiamo di nuovo i gruppi');
	await form.getByLabel('Su quale bacheca').selectOption({ label: ideas.title });
	await shot('cluster-vote-add-form');
	await form.getByRole('button', { name: 'Aggiungi' }).click();
	const added = page.getByTestId('activity').filter({ hasText: 'Votiamo di nuovo i gruppi' });
	await expect(added.getByTestId('vote-on')).toHaveText('Si vota sui gruppi');
	await shot('cluster-vote-agenda');
});
