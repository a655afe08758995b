import type { Page } from '@playwright/test';
import type * as Y from 'yjs';
import { EMPATHY_NOTES } from './canvas-notes';
import { expect, test } from './fixtures';
import { collabClient, createWorkshop, signInFacilitator } from './live-workshop';

/**
 * The facilitator's canvas on the run page (desktop only): notes written by a stock Yjs client,
 * moved, grouped, renamed and clustered from a suggestion with the mouse, and the same with the
 * keyboard and the side list. Each test builds its own workshop from a template, so the demo
 * workshop is left as it is.
 */
test.skip(({ isMobile }) => isMobile, 'the run page is a laptop screen');

/**
 * A new workshop with the design-thinking agenda, left in draft (the canvas needs no residents),
 * and a stock y-websocket client on its empathy map with the facilitator's own session.
 */
async function newWorkshop(page: Page, baseURL: string, title: string) {
	await signInFacilitator(page);
	const workshop = await createWorkshop(page, title, { start: false });
	const boardId = workshop.byKind('empathy-map').boardId;
	const client = await collabClient(page.context(), baseURL, `board:${boardId}`);
	return { workshopId: workshop.id, client };
}

/** Paper notes entered by the facilitator (staff may write notes), keyed `paper-<n>:<random>`. */
function writeNotes(doc: Y.Doc, notes: { text: string; section: string | null }[]) {
	const keys: string[] = [];
	doc.transact(() => {
		notes.forEach((note, index) => {
			const key = `paper-${index % 7}:${Math.random().toString(36).slice(2, 12)}`;
			keys.push(key);
			doc.getMap('notes').set(key, {
				authorId: `paper-${index % 7}`,
				authorName: ['Anna', 'Bruno', 'Chiara', 'Dario', 'Elena', 'Franco', 'Giulia'][index % 7],
				text: note.text,
				section: note.section,
				colour: ['yellow', 'pink', 'blue', 'green'][index % 4],
				createdAt: 1_700_000_000_000 + index
			});
		});
	});
	return keys;
}

const noteNode = (page: Page, text: string) =>
	page.locator('.svelte-flow__node').filter({ hasText: text });

async function drag(page: Page, text: string, by: { x: number; y: number }) {
	const box = (await noteNode(page, text).boundingBox())!;
	const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
	await page.mouse.move(start.x, start.y);
	await page.mouse.down();
	await page.mouse.move(start.x + by.x / 2, start.y + by.y / 2, { steps: 5 });
	await page.mouse.move(start.x + by.x, start.y + by.y, { steps: 5 });
	await page.mouse.up();
}

type Layout = { x: number; y: number; clusterId: string | null };

test('the facilitator drags, groups, renames and accepts a suggestion; the list and keyboard do the same', async ({
	page,
	baseURL,
	shot
}) => {
	const { workshopId, client } = await newWorkshop(page, baseURL!, 'Laboratorio sulla lavagna');
	try {
		const notes = Object.entries(EMPATHY_NOTES).flatMap(([section, texts]) =>
			texts.map((text) => ({ text, section }))
		);
		const keys = writeNotes(client.doc, notes);
		const keyOf = (text: string) => keys[notes.findIndex((note) => note.text === text)]!;
		const layout = (text: string) => client.doc.getMap<Layout>('layout').get(keyOf(text));

		await page.goto(`/staff/run/${workshopId}`);
		// The live room shows the board of the activity everyone follows.
		await page.getByRole('button', { name: 'Porta tutti su «Mappa dell’empatia»' }).click();
		await expect(page.getByTestId('canvas-section')).toHaveCount(6);
		await expect(page.getByTestId('canvas-section').first()).toContainText('Dice');
		await expect(page.getByTestId('canvas-note')).toHaveCount(30);
		// Markup in a note is shown as text.
		await expect(page.getByText('Niente caffè <script>alert(1)</script>')).toHaveCount(2);
		// Automatic places are shown, not written.
		expect(client.doc.getMap('layout').size).toBe(0);

		// Drag a note: its place is written once, on drop.
		await drag(page, 'Più piante in sala', { x: 260, y: 40 });
		await expect.poll(() => layout('Più piante in sala')).toMatchObject({ clusterId: null });
		// Dragging towards the edge pans the canvas: show the whole board again.
		await page.getByRole('button', { name: 'Mostra tutto' }).click();

		// Select two notes (click, shift-click) and group them.
		await noteNode(page, 'Vorrei la biblioteca aperta la domenica').click();
		await noteNode(page, 'Aperta anche la domenica mattina').click({ modifiers: ['Shift'] });
		const toolbar = page.getByRole('toolbar', { name: 'Azioni sulla lavagna' });
		await expect(toolbar.getByText('2 selezionate')).toBeVisible();
		await toolbar.getByRole('button', { name: 'Raggruppa' }).click();
		await page.getByLabel('Nome del nuovo gruppo').first().fill('Domenica');
		await page.getByRole('button', { name: 'Crea il gruppo' }).click();
		const frames = page.getByTestId('canvas-cluster');
		await expect(frames).toHaveText(['Domenica']);
		const domenica = layout('Vorrei la biblioteca aperta la domenica')!.clusterId;
		expect(domenica).toMatch(/^c-/);
		expect(layout('Aperta anche la domenica mattina')!.clusterId).toBe(domenica);

		// Delete does not delete a resident's note.
		await noteNode(page, 'Si sente a casa').click();
		await page.keyboard.press('Delete');
		await page.keyboard.press('Backspace');
		await expect(page.getByTestId('cluster-panel').getByRole('checkbox')).toHaveCount(30);
		expect(client.doc.getMap('notes').size).toBe(30);

		// Rename it from the side list.
		const panel = page.getByTestId('cluster-panel');
		await panel.getByRole('button', { name: 'Rinomina: Domenica' }).click();
		await panel.getByLabel('Nuovo nome di «Domenica»').fill('Aperti la domenica');
		await panel.getByRole('button', { name: 'Salva' }).click();
		await expect(frames).toHaveText(['Aperti la domenica']);

		// Suggestions: accept one renamed, another as it is.
		await toolbar.getByRole('button', { name: 'Suggerisci gruppi' }).click();
		const suggestions = page.getByTestId('suggestion');
		await expect(suggestions.first()).toBeVisible();
		const names = await suggestions
			.getByRole('textbox')
			.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
		expect(names).toContain('Bambini, laboratori');
		expect(names).not.toContain('Domenica');
		const bambini = suggestions.nth(names.indexOf('Bambini, laboratori'));
		await bambini.hover();
		await expect(page.locator('.svelte-flow__node .highlighted')).toHaveCount(5);
		await bambini.getByRole('textbox').fill('Laboratori per bambini');
		await bambini.getByRole('button', { name: 'Accetta' }).click();
		await expect(frames.filter({ hasText: 'Laboratori per bambini' })).toHaveCount(1);
		const remaining = await suggestions
			.getByRole('textbox')
			.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
		await suggestions
			.nth(remaining.indexOf('Elettriche, prese'))
			.getByRole('button', { name: 'Accetta' })
			.click();
		await expect(frames).toHaveCount(3);
		expect(layout('Laboratori creativi per bambini')!.clusterId).toMatch(/^c-/);
		await page.getByRole('button', { name: 'Chiudi i suggerimenti' }).click();
		await page.getByRole('button', { name: 'Mostra tutto' }).click();
		await shot('canvas-clusters');

		// The list path: a note moved into a cluster with its "Move to…" menu...
		await panel.getByRole('button', { name: 'Sposta «Curiosa delle novità» in…' }).click();
		await panel.getByRole('menuitemradio', { name: 'Aperti la domenica' }).click();
		await expect.poll(() => layout('Curiosa delle novità')?.clusterId).toBe(domenica);
		await expect(
			panel
				.getByTestId('panel-cluster')
				.filter({ has: page.getByRole('heading', { name: 'Aperti la domenica' }) })
		).toContainText('Curiosa delle novità');
		// ...a note selected with Enter and moved with the arrow keys...
		const before = layout('Sedie scomode');
		await noteNode(page, 'Sedie scomode').focus();
		await page.keyboard.press('Enter');
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => layout('Sedie scomode')?.x).toBeGreaterThan(before?.x ?? -Infinity);
		// ...and a cluster made of the notes checked in the list, with its name typed.
		await page.getByRole('button', { name: 'Deseleziona' }).click();
		await panel.getByLabel('Seleziona «Stanca del rumore»').check();
		await panel.getByLabel('Nome del nuovo gruppo').fill('Rumore');
		await panel.getByRole('button', { name: 'Crea un gruppo con le note selezionate' }).click();
		await expect(frames.filter({ hasText: 'Rumore' })).toHaveCount(1);
		await expect.poll(() => layout('Stanca del rumore')?.clusterId).toMatch(/^c-/);
		// An empty name is refused, in words, and nothing is written.
		await panel.getByRole('button', { name: 'Rinomina: Rumore' }).click();
		await panel.getByLabel('Nuovo nome di «Rumore»').fill('   ');
		await panel.getByRole('button', { name: 'Salva' }).click();
		await expect(panel.getByRole('alert')).toHaveText('Dai un nome al gruppo.');
		await expect(frames.filter({ hasText: 'Rumore' })).toHaveCount(1);
		// Deleting a cluster keeps its notes.
		await panel.getByRole('button', { name: 'Annulla' }).click();
		await panel.getByRole('button', { name: 'Elimina il gruppo «Rumore»' }).click();
		await expect(frames).toHaveCount(3);
		expect(layout('Stanca del rumore')!.clusterId).toBeNull();
		await expect(panel.getByRole('checkbox')).toHaveCount(30);
		expect(client.doc.getMap('notes').size).toBe(30);
		await shot('canvas-list');
	} finally {
		client.destroy();
	}
});

test('500 notes: the canvas pans, zooms and drags, rendering only what is in view', async ({
	page,
	baseURL,
	shot
}) => {
	test.setTimeout(90_000);
	const { workshopId, client } = await newWorkshop(page, baseURL!, 'Laboratorio affollato');
	try {
		const sections = Object.keys(EMPATHY_NOTES);
		const all = Object.values(EMPATHY_NOTES).flat();
		const keys = writeNotes(
			client.doc,
			Array.from({ length: 500 }, (_, i) => ({
				text: `${all[i % all.length]} (${i + 1})`,
				section: i % 5 === 4 ? null : sections[i % sections.length]!
			}))
		);
		await page.goto(`/staff/run/${workshopId}`);
		// The live room shows the board of the activity everyone follows.
		await page.getByRole('button', { name: 'Porta tutti su «Mappa dell’empatia»' }).click();
		const panel = page.getByTestId('cluster-panel');
		await expect(panel.getByRole('checkbox')).toHaveCount(500);
		await shot('canvas-500-fit');

		// Zoom in on a corner: far fewer nodes are in the page than notes on the board.
		// Zoom in around a note (the zoom keeps the point under the pointer): far fewer nodes are in
		// the page than notes on the board, and the note under the pointer can be dragged.
		const target = (await page.locator('.svelte-flow__node').nth(40).boundingBox())!;
		const point = { x: target.x + target.width / 2, y: target.y + target.height / 2 };
		await page.mouse.move(point.x, point.y);
		for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -250);
		await expect.poll(async () => page.locator('.svelte-flow__node').count()).toBeLessThan(200);
		const text = await page.evaluate(
			({ x, y }) =>
				document.elementFromPoint(x, y)?.closest('.svelte-flow__node')?.querySelector('.text')
					?.textContent ?? '',
			point
		);
		expect(text).toMatch(/\(\d+\)$/);
		await page.mouse.down();
		await page.mouse.move(point.x + 60, point.y + 30, { steps: 5 });
		await page.mouse.move(point.x + 120, point.y + 60, { steps: 5 });
		await page.mouse.up();
		const key = keys[Number(/\((\d+)\)$/.exec(text)![1]) - 1]!;
		await expect.poll(() => client.doc.getMap('layout').has(key)).toBe(true);
		await shot('canvas-500-zoomed');
	} finally {
		client.destroy();
	}
});

type Box = { x: number; y: number; width: number; height: number };

/** Whether two boxes share any area (touching edges do not count). */
function overlap(a: Box, b: Box): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('"Mostra tutto" shows every note whole, clear of the side list, the toolbar and the zoom buttons; the list fits its column', async ({
	page,
	baseURL,
	shot
}) => {
	const { workshopId, client } = await newWorkshop(page, baseURL!, 'Laboratorio da vedere tutto');
	try {
		const notes = Object.entries(EMPATHY_NOTES).flatMap(([section, texts]) =>
			texts.map((text) => ({ text, section }))
		);
		writeNotes(client.doc, notes);
		await page.goto(`/staff/run/${workshopId}`);
		await page.getByRole('button', { name: 'Porta tutti su «Mappa dell’empatia»' }).click();
		await expect(page.getByTestId('canvas-note')).toHaveCount(30);
		// Notes dragged off to the right and to the bottom (the canvas pans as they near its edge)
		// make the board wide and tall: the fit must reach them, and show the top row clear of the
		// toolbar, which takes several rows on a narrow laptop.
		await drag(page, 'Più piante in sala', { x: 300, y: 0 });
		await page.getByRole('button', { name: 'Mostra tutto' }).click();
		await drag(page, 'Un angolo caffè', { x: 0, y: 400 });
		for (const width of [1280, 1100, 1024]) {
			await page.setViewportSize({ width, height: 800 });
			await page.getByRole('button', { name: 'Mostra tutto' }).click();
			// The fit animates: wait until the notes stop moving.
			const boxes = async () =>
				page
					.locator('.svelte-flow__node')
					.evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().toJSON() as Box));
			let before = await boxes();
			await expect
				.poll(async () => {
					const now = await boxes();
					const same = JSON.stringify(now) === JSON.stringify(before);
					before = now;
					return same;
				})
				.toBe(true);
			const flow = (await page.locator('.svelte-flow').boundingBox())!;
			const covers = [
				(await page.locator('.canvas .side').boundingBox())!,
				(await page.getByRole('toolbar', { name: 'Azioni sulla lavagna' }).boundingBox())!,
				(await page.getByTestId('svelte-flow__controls').boundingBox())!
			];
			expect(before).toHaveLength(30);
			for (const note of before) {
				expect(note.x).toBeGreaterThanOrEqual(flow.x);
				expect(note.y).toBeGreaterThanOrEqual(flow.y);
				expect(note.x + note.width).toBeLessThanOrEqual(flow.x + flow.width);
				expect(note.y + note.height).toBeLessThanOrEqual(flow.y + flow.height);
				for (const cover of covers) expect(overlap(note, cover)).toBe(false);
			}
			// The list of groups and notes fits its column, clear of the live room's controls: nothing
			// cut off on the right, nothing scrolled sideways.
			const side = page.locator('.canvas .side');
			const sideBox = (await side.boundingBox())!;
			const list = (await page.getByTestId('cluster-panel').boundingBox())!;
			const controls = (await page
				.getByRole('complementary', { name: 'Comandi del laboratorio' })
				.boundingBox())!;
			expect(list.x + list.width).toBeLessThanOrEqual(sideBox.x + sideBox.width);
			expect(sideBox.x + sideBox.width).toBeLessThanOrEqual(controls.x + 1);
			expect(await side.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
			await shot(`canvas-fit-${width}`);
		}
	} finally {
		client.destroy();
	}
});
