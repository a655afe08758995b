import { expect, test } from './fixtures';
import { collabClient, createWorkshop, joinOnPhone, signInFacilitator } from './live-workshop';
import { expectNoAxeViolations } from './a11y';

/**
 * The facilitator runs a workshop of their own from the live room at 1280×800: agenda, board
 * phase, timer, private mode, paper notes, moderation, a 3-dot vote with paper dots, the reveal;
 * a resident on a phone joins and is counted. On a phone and a small tablet the same room is one
 * scrolling column.
 */

/** "4:58" → 298. */
function seconds(text: string): number {
	const [min, sec] = text.split(':').map(Number);
	return (min ?? 0) * 60 + (sec ?? 0);
}

test('the facilitator runs a workshop from the live room', async ({
	page,
	browser,
	baseURL,
	isMobile,
	shot
}) => {
	test.skip(isMobile, 'the whole run is driven from a laptop; the phone layout has its own test');
	test.setTimeout(180_000);
	await signInFacilitator(page);
	await createWorkshop(page, 'Laboratorio condotto dal vivo');
	await page.getByRole('link', { name: 'Conduci il laboratorio' }).click();
	await expect(page).toHaveURL(/\/staff\/run\/[0-9a-f-]{36}$/);
	const workshopId = page.url().split('/').pop()!;
	const code = (await page.getByTestId('join-code').textContent())!.trim();
	await expect(page.getByText('Scegli un’attività dal programma')).toBeVisible();
	await expect(page.getByTestId('people-count')).toHaveText('Collegati: 0');
	await expect(page.getByRole('link', { name: /Apri il proiettore/ })).toHaveAttribute(
		'href',
		`/screen/${workshopId}`
	);
	await shot('run-start');

	// Everyone to the idea wall.
	await page.getByRole('button', { name: 'Porta tutti su «Muro delle idee»' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Muro delle idee');
	await expect(page.locator('[aria-current="step"]')).toContainText('Muro delle idee');

	// Open and lock the board: the state shown is the control document's.
	const board = page.getByTestId('board-controls');
	await expect(board.getByTestId('board-phase')).toHaveText('Bloccata: solo lettura');
	await board.getByRole('button', { name: 'Apri la lavagna' }).click();
	await expect(board.getByTestId('board-phase')).toHaveText('Aperta: i partecipanti scrivono');
	await board.getByRole('button', { name: 'Blocca la lavagna' }).click();
	await expect(board.getByTestId('board-phase')).toHaveText('Bloccata: solo lettura');
	await board.getByRole('button', { name: 'Apri la lavagna' }).click();
	await expect(board.getByTestId('board-phase')).toHaveText('Aperta: i partecipanti scrivono');

	// The timer: 5 minutes, pause, one more minute while paused, resume.
	const timer = page.getByTestId('timer-controls');
	await timer.getByRole('button', { name: 'Avvia il timer da 5 minuti' }).click();
	await expect(timer.locator('.countdown')).toHaveClass(/running/);
	await timer.getByRole('button', { name: 'Pausa' }).click();
	await expect(timer.locator('.countdown')).toHaveClass(/paused/);
	const paused = seconds((await timer.locator('.countdown .time').textContent())!);
	await timer.getByRole('button', { name: 'Aggiungi un minuto' }).click();
	await expect(timer.locator('.countdown .time')).toHaveText(
		`${Math.floor((paused + 60) / 60)}:${String((paused + 60) % 60).padStart(2, '0')}`
	);
	await timer.getByRole('button', { name: 'Riprendi' }).click();
	await expect(timer.locator('.countdown')).toHaveClass(/running/);
	await expect(page.locator('.top .countdown')).toBeVisible();

	// Private mode on and off.
	const privateMode = board.getByRole('switch', { name: 'Modalità privata' });
	await privateMode.click();
	await expect(privateMode).toBeChecked();
	await shot('run-board-open');
	await expectNoAxeViolations(page, 'run 1');
	await privateMode.click();
	await expect(privateMode).not.toBeChecked();

	// Two notes from paper; an empty one is refused.
	const paper = page.getByTestId('paper-notes');
	await paper.getByRole('button', { name: 'Aggiungi la nota' }).click();
	await expect(paper.getByRole('alert')).toHaveText('Scrivi il testo della nota.');
	await paper.getByLabel('Testo della nota').fill('Più posti a sedere vicino alle finestre');
	await paper.getByLabel('Colore').selectOption({ label: 'Azzurro' });
	await paper.getByRole('button', { name: 'Aggiungi la nota' }).click();
	await expect(paper.getByRole('status')).toHaveText('Nota aggiunta alla lavagna.');
	await paper.getByLabel('Testo della nota').fill('Più posti a sedere');
	await paper.getByRole('button', { name: 'Aggiungi la nota' }).click();
	// On the canvas too a note from paper says so, not that its author was deleted.
	const paperNode = page.getByRole('group', {
		name: 'Nota dal foglio: Più posti a sedere vicino alle finestre'
	});
	await expect(paperNode).toContainText('dal foglio');
	await expect(paperNode).not.toContainText('Partecipante cancellato');

	await page.getByRole('button', { name: 'Elenco' }).click();
	const rows = page.getByTestId('note-row');
	await expect(rows).toHaveCount(2);
	await expect(rows.nth(0)).toContainText('Più posti a sedere vicino alle finestre');
	await expect(rows.nth(0)).toContainText('dal foglio');

	// Moderation from the list: hiding needs a reason.
	await rows.nth(1).getByRole('button', { name: 'Nascondi «Più posti a sedere»' }).click();
	await rows.nth(1).getByRole('button', { name: 'Nascondi la nota' }).click();
	await expect(rows.nth(1).getByRole('alert')).toHaveText(
		'Scrivi il motivo: chi ha scritto la nota lo vedrà.'
	);
	await rows.nth(1).getByLabel('Motivo (lo vede chi l’ha scritta)').fill('Doppione');
	await rows.nth(1).getByRole('button', { name: 'Nascondi la nota' }).click();
	await expect(rows.nth(1)).toContainText('Nascosta');
	await expect(rows.nth(1)).toContainText('Doppione');
	await shot('run-list');

	// A resident joins from a phone and is counted, once, though she opens the room in two tabs.
	const resident = await joinOnPhone(browser, baseURL!, code, 'Giulia del Parco');
	const secondTab = await resident.context.newPage();
	await secondTab.goto(resident.page.url());
	// The facilitator's own stock client sees what the run page is sent: both of Giulia's screens.
	const watcher = await collabClient(page.context(), baseURL!, `control:${workshopId}`);
	try {
		const giulias = () =>
			[...watcher.provider.awareness.getStates().values()].filter(
				(state) => (state as { user?: { name?: string } }).user?.name === 'Giulia del Parco'
			).length;
		await expect.poll(giulias).toBe(2);
		await expect(page.getByTestId('people-count')).toHaveText('Collegati: 1');
		await page.getByTestId('people-count').click();
		const people = page.getByRole('region', { name: 'Chi è collegato' });
		await expect(people).toContainText('Giulia del Parco');
		await expect(people.getByRole('listitem').filter({ hasText: 'Giulia del Parco' })).toHaveCount(
			1
		);
		await shot('run-people');
		await page.getByTestId('people-count').click();

		// The vote: 3 dots, paper dots on the visible note, a refusal shown where it belongs.
		await page.getByRole('button', { name: 'Porta tutti su «Voto a punti»' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Voto a punti');
		const voting = page.getByTestId('voting-controls');
		await expect(voting.getByLabel('Punti a persona')).toHaveValue('3');
		await voting.getByRole('button', { name: 'Apri il voto' }).click();
		await expect(voting.getByTestId('voting-state')).toHaveText('Voto aperto: 3 punti a persona');
		// Opening the vote locked the board; reopening it for writing now is refused, next to it.
		await expect(board.getByTestId('board-phase')).toHaveText('Bloccata: solo lettura');
		await board.getByRole('button', { name: 'Apri la lavagna' }).click();
		await expect(board.getByRole('alert')).toBeVisible();
		await expect(board.getByTestId('board-phase')).toHaveText('Bloccata: solo lettura');

		const dots = page.getByTestId('paper-dots');
		await dots
			.getByLabel('Punti dal foglio per «Più posti a sedere vicino alle finestre»')
			.fill('2');
		await dots.getByRole('button', { name: 'Salva' }).click();
		await expect(dots.getByRole('status')).toHaveText('Salvato: 2');
		await shot('run-vote');

		// Reveal, after the confirmation.
		await voting.getByRole('button', { name: 'Mostra i risultati…' }).click();
		await expect(
			voting.getByText('I risultati diventano pubblici e il voto non si potrà più riaprire.')
		).toBeVisible();
		await voting.getByRole('button', { name: 'Sì, mostra i risultati' }).click();
		await expect(voting.getByTestId('voting-state')).toHaveText('Risultati pubblicati');
		const results = page.getByTestId('results');
		await expect(results.getByTestId('result')).toHaveCount(1);
		await expect(results.getByTestId('result')).toContainText(
			'Più posti a sedere vicino alle finestre'
		);
		await expect(results.getByTestId('result')).toContainText('2 punti');
		await expect(results.getByTestId('result')).toContainText('di cui 2 dal foglio');
		await shot('run-results');
		await expectNoAxeViolations(page, 'run 2');

		// Still usable on a smaller laptop.
		await page.setViewportSize({ width: 1024, height: 768 });
		await expect(voting.getByTestId('voting-state')).toBeVisible();
		await shot('run-results-1024');
	} finally {
		watcher.destroy();
		await resident.context.close();
	}
});

type Box = { x: number; y: number; width: number; height: number };

/** Whether two boxes share any area (touching edges do not count). */
function overlap(a: Box, b: Box): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('on a phone and a small tablet the live room is one column that scrolls', async ({
	page,
	isMobile,
	shot
}) => {
	test.skip(!isMobile, 'the laptop layout is the test above');
	test.setTimeout(120_000);
	await signInFacilitator(page);
	const workshop = await createWorkshop(page, 'Laboratorio condotto dal telefono');
	await page.goto(`/staff/run/${workshop.id}`);
	await page.getByRole('button', { name: 'Porta tutti su «Muro delle idee»' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Muro delle idee');
	await expect(page.locator('[data-live="synced"]').first()).toBeAttached();
	// Two notes from paper, so that the canvas, its list and the notes table have something to show.
	for (const text of ['Più posti a sedere nella sala lettura', 'Orari più lunghi il sabato']) {
		await page.getByLabel('Testo della nota').fill(text);
		await page.getByRole('button', { name: 'Aggiungi la nota' }).click();
		await expect(page.getByTestId('canvas-note').filter({ hasText: text })).toHaveCount(1);
	}

	const bar = page.getByRole('banner');
	const barItems = [
		bar.getByRole('link', { name: /Torna alla pagina del laboratorio/ }),
		bar.getByTestId('join-code').locator('..'),
		bar.getByTestId('people-count'),
		bar.getByRole('status'),
		bar.getByRole('link', { name: /Apri il proiettore/ })
	];
	const panels = [
		page.getByRole('navigation', { name: 'Programma' }),
		page.getByRole('main'),
		page.getByRole('complementary', { name: 'Comandi del laboratorio' })
	];
	for (const [width, height] of [
		[360, 740],
		[768, 1024]
	] as const) {
		await page.setViewportSize({ width, height });
		// Nothing wider than the screen: no sideways scrolling of the page.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			width
		);
		// The bar wraps instead of squeezing: its items side by side or on rows, never on top of
		// each other, and the connection status wide enough to read as words.
		const boxes = await Promise.all(barItems.map(async (item) => (await item.boundingBox())!));
		for (const [i, a] of boxes.entries()) {
			for (const b of boxes.slice(i + 1)) expect(overlap(a, b)).toBe(false);
		}
		expect(boxes[3]!.width).toBeGreaterThan(120);
		// Agenda, board and controls one below the other, each the screen's full width.
		const stacked = await Promise.all(panels.map(async (panel) => (await panel.boundingBox())!));
		for (const box of stacked) expect(box.width).toBeGreaterThanOrEqual(width - 1);
		expect(stacked[0]!.y + stacked[0]!.height).toBeLessThanOrEqual(stacked[1]!.y + 1);
		expect(stacked[1]!.y + stacked[1]!.height).toBeLessThanOrEqual(stacked[2]!.y + 1);
		// The canvas keeps most of the screen's height, its list of groups and notes below it.
		const canvas = (await page.locator('.svelte-flow').boundingBox())!;
		expect(canvas.height).toBeGreaterThanOrEqual(height * 0.5);
		const list = (await page.getByTestId('cluster-panel').boundingBox())!;
		expect(list.y).toBeGreaterThanOrEqual(canvas.y + canvas.height);
	}
	await shot('run-tablet');

	// The controls below the board answer a tap: nothing lies on top of them.
	await page.setViewportSize({ width: 360, height: 740 });
	const timer = page.getByTestId('timer-controls');
	await timer.getByRole('button', { name: 'Avvia il timer da 5 minuti' }).click();
	await expect(timer.locator('.countdown')).toHaveClass(/running/);
	await expect(bar.getByRole('timer')).toBeVisible();
	// The canvas's toolbar keeps to one row, the rest behind "Altro", every target at least 24 px
	// (WCAG 2.5.8): a phone's canvas keeps its room for the notes.
	const toolbar = page.getByRole('toolbar', { name: 'Azioni sulla lavagna' });
	await page.locator('.svelte-flow__node').first().focus();
	await page.keyboard.press('Enter');
	await expect(toolbar.getByText('1 selezionata')).toBeVisible();
	const flow = (await page.locator('.svelte-flow').boundingBox())!;
	const row = (await toolbar.boundingBox())!;
	expect(row.height).toBeLessThan(56);
	expect(row.x + row.width).toBeLessThanOrEqual(flow.x + flow.width);
	const targets = async () =>
		toolbar
			.getByRole('button')
			.evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().toJSON() as Box));
	for (const target of await targets()) {
		expect(target.width).toBeGreaterThanOrEqual(24);
		expect(target.height).toBeGreaterThanOrEqual(24);
	}
	await toolbar.getByRole('button', { name: 'Altro' }).click();
	await expect(toolbar.getByRole('button', { name: 'Altro' })).toHaveAttribute(
		'aria-expanded',
		'true'
	);
	await expect(toolbar.getByRole('button', { name: 'Suggerisci gruppi' })).toBeVisible();
	await expect(toolbar.getByRole('button', { name: 'Togli dal gruppo' })).toBeDisabled();
	await shot('run-phone-canvas');

	// The notes table: each row a card with its buttons on screen, nothing scrolled sideways.
	await page.getByRole('button', { name: 'Elenco' }).click();
	await expect(page.getByTestId('notes-list')).toBeVisible();
	const buttons = await page
		.getByTestId('notes-list')
		.getByRole('button')
		.evaluateAll((all) => all.map((b) => b.getBoundingClientRect().toJSON() as Box));
	expect(buttons.length).toBeGreaterThanOrEqual(2);
	for (const button of buttons) expect(button.x + button.width).toBeLessThanOrEqual(360);
	expect(
		await page
			.locator('.list-view')
			.evaluate((scroller) => scroller.scrollWidth <= scroller.clientWidth)
	).toBe(true);
	await shot('run-phone');
	await expectNoAxeViolations(page, 'run phone');
});
