import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import type * as Y from 'yjs';
import { addPaperNote } from '../../src/lib/domain/board/paper';
import { expect, switchLanguage, test } from './fixtures';
import {
	act,
	collabClient,
	createWorkshop,
	facilitatorLaptop,
	joinOnPhone,
	signInFacilitator
} from './live-workshop';

/**
 * Issue 9: the facilitator's canvas without a mouse, and live announcements. The facilitator does
 * everything from the outline beside the canvas and the controls with the keyboard alone (Tab,
 * Enter, Space, arrows, typing: no click), each effect is checked where others see it (a stock Yjs
 * client, a resident's phone), and the one polite live region says what changed without flooding.
 */

/** Notes from paper sheets, as staff type them in: one Yjs transaction (one update) each. */
function writeNotes(doc: Y.Doc, texts: string[]): string[] {
	const now = Date.now();
	return texts.map((text, index) => {
		const added = addPaperNote(
			doc,
			{ userId: 'e2e' },
			{ text, section: null, colour: 'yellow' },
			now + index
		);
		if (!added.ok) throw new Error(added.problem);
		return added.key;
	});
}

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, { back = false, max = 250 } = {}) {
	for (let i = 0; i < max; i++) {
		if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
		await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
	}
	throw new Error(`Tab never reached ${target.toString()}`);
}

/** The focused element shows it: a keyboard focus ring of a real width. */
async function expectVisibleFocus(page: Page) {
	const ring = await page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el || el === document.body) return null;
		const style = getComputedStyle(el);
		return {
			focusVisible: el.matches(':focus-visible'),
			outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
			shadow: style.boxShadow !== 'none'
		};
	});
	expect(ring).not.toBeNull();
	expect(ring!.focusVisible).toBe(true);
	expect(ring!.outline || ring!.shadow).toBe(true);
}

/** Records every sentence the live region says, from now on, in the page itself. */
async function listen(page: Page) {
	const region = page.getByTestId('announcer');
	await expect(region).toBeAttached();
	await region.evaluate((el) => {
		const said: string[] = [];
		(window as unknown as { said: string[] }).said = said;
		new MutationObserver(() => {
			const text = el.textContent?.trim();
			if (text) said.push(text);
		}).observe(el, { childList: true, subtree: true, characterData: true });
	});
	return {
		region,
		said: () => page.evaluate(() => [...(window as unknown as { said: string[] }).said])
	};
}

/**
 * Records what every live region of the page says from now on: the page's own, Svelte Flow's,
 * the connection status, alerts, and any element that would speak on its own (`aria-live`).
 */
async function listenToAllRegions(page: Page) {
	await page.evaluate(() => {
		const regions = '[aria-live], [role="status"], [role="alert"], [role="log"]';
		const heard: string[] = [];
		(window as unknown as { heard: string[] }).heard = heard;
		new MutationObserver((records) => {
			const changed = new Set<Element>();
			for (const record of records) {
				const target =
					record.target instanceof Element ? record.target : record.target.parentElement;
				const region = target?.closest(regions);
				if (region) changed.add(region);
				for (const node of record.addedNodes) {
					if (node instanceof Element && node.matches(regions)) changed.add(node);
				}
			}
			for (const region of changed) {
				const text = region.textContent?.trim();
				if (text) heard.push(text);
			}
		}).observe(document.body, { childList: true, subtree: true, characterData: true });
	});
	return () => page.evaluate(() => [...(window as unknown as { heard: string[] }).heard]);
}

/** A Shift+drag on the canvas's background around every note on screen (Svelte Flow's lasso). */
async function lassoAllNotes(page: Page) {
	const boxes = await page
		.locator('.svelte-flow__node')
		.evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().toJSON()));
	const flow = (await page.locator('.svelte-flow').boundingBox())!;
	const left = Math.max(flow.x + 2, Math.min(...boxes.map((b) => b.left)) - 8);
	const top = Math.max(flow.y + 2, Math.min(...boxes.map((b) => b.top)) - 8);
	const right = Math.min(flow.x + flow.width - 2, Math.max(...boxes.map((b) => b.right)) + 8);
	const bottom = Math.min(flow.y + flow.height - 2, Math.max(...boxes.map((b) => b.bottom)) + 8);
	// From the bottom right: the toolbar sits at the top left, the zoom buttons at the bottom left.
	await page.keyboard.down('Shift');
	await page.mouse.move(right, bottom);
	await page.mouse.down();
	await page.mouse.move(left, top, { steps: 25 });
	await page.mouse.up();
	await page.keyboard.up('Shift');
	return { right, bottom };
}

async function expectNoAxeViolations(page: Page, include: string) {
	const { violations } = await new AxeBuilder({ page })
		.include(include)
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

const Layout = (doc: Y.Doc, key: string) =>
	doc.getMap<{ x: number; y: number; clusterId: string | null }>('layout').get(key);
const clusterLabels = (doc: Y.Doc) =>
	[...doc.getMap<{ label: string }>('clusters').values()].map((c) => c.label).sort();

test('the facilitator sorts, moderates and runs the vote by keyboard alone; phones and the live region follow', async ({
	page,
	browser,
	baseURL,
	isMobile,
	shot
}) => {
	test.skip(isMobile, 'the live room is a laptop screen (its resident is on a phone here)');
	test.setTimeout(180_000);
	await signInFacilitator(page);
	const workshop = await createWorkshop(page, 'Laboratorio da tastiera');
	const wall = workshop.byKind('idea-wall');
	const vote = workshop.byKind('dot-voting');
	// The dot vote counts dots on the idea wall's notes.
	expect(vote.boardId).toBe(wall.boardId);
	const client = await collabClient(page.context(), baseURL!, `board:${wall.boardId}`);
	const resident = await joinOnPhone(browser, baseURL!, workshop.code, 'Rosa');
	try {
		await page.goto(`/staff/run/${workshop.id}`);
		const facilitator = await listen(page);

		// Everyone to the idea wall, and the board opened: the phone hears it.
		await tabTo(page, page.getByRole('button', { name: 'Porta tutti su «Muro delle idee»' }));
		await expectVisibleFocus(page);
		await page.keyboard.press('Enter');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Muro delle idee');
		const phone = await listen(resident.page);
		await tabTo(page, page.getByRole('button', { name: 'Apri la lavagna' }));
		await page.keyboard.press('Enter');
		await expect(phone.region).toHaveText('La bacheca è aperta. Puoi scrivere.');

		// Notes arrive one by one from elsewhere: said once, as a number, on both screens.
		await expect(resident.page.locator('.live-status.synced').first()).toBeVisible();
		await expect(page.locator('[data-live="synced"]')).toBeAttached();
		const texts = [
			'Wifi lento in sala studio',
			'In sala studio il wifi è lento',
			'Aperta la domenica mattina',
			'Orari della domenica più lunghi',
			'Biblioteca aperta anche la domenica'
		];
		const keys = writeNotes(client.doc, texts);
		const keyOf = (text: string) => keys[texts.indexOf(text)]!;
		await expect(facilitator.region).toHaveText('5 nuove note sulla bacheca.');
		await expect(phone.region).toHaveText('5 nuove note sulla bacheca.');
		expect((await facilitator.said()).filter((s) => s.includes('nuov'))).toEqual([
			'5 nuove note sulla bacheca.'
		]);

		// A note from paper, typed in the side controls.
		await tabTo(page, page.getByRole('textbox', { name: 'Testo della nota' }));
		await page.keyboard.type('Più prese per i portatili');
		await tabTo(page, page.getByRole('button', { name: 'Aggiungi la nota' }));
		await page.keyboard.press('Enter');
		await expect
			.poll(() => [...client.doc.getMap<{ text: string }>('notes').values()].map((n) => n.text))
			.toContain('Più prese per i portatili');
		await expect(resident.page.getByText('Più prese per i portatili')).toBeVisible();
		// This page's own note is not news to it.
		expect((await facilitator.said()).filter((s) => s.includes('nuov'))).toHaveLength(1);

		// A group of two checked notes, named as typed.
		const panel = page.getByTestId('cluster-panel');
		await tabTo(
			page,
			panel.getByRole('checkbox', { name: 'Seleziona «Aperta la domenica mattina»' })
		);
		await expectVisibleFocus(page);
		await page.keyboard.press('Space');
		await tabTo(
			page,
			panel.getByRole('checkbox', { name: 'Seleziona «Orari della domenica più lunghi»' })
		);
		await page.keyboard.press('Space');
		await tabTo(page, panel.getByRole('textbox', { name: 'Nome del nuovo gruppo' }), {
			back: true
		});
		await page.keyboard.press('ControlOrMeta+A');
		await page.keyboard.type('Domenica');
		await page.keyboard.press('Enter');
		await expect.poll(() => clusterLabels(client.doc)).toEqual(['Domenica']);
		const domenica = Layout(client.doc, keyOf('Aperta la domenica mattina'))!.clusterId;
		expect(domenica).toMatch(/^c-/);
		expect(Layout(client.doc, keyOf('Orari della domenica più lunghi'))!.clusterId).toBe(domenica);
		await expect(facilitator.region).toHaveText('Gruppo «Domenica» creato con 2 note.');

		// Moved in with the "Move to…" menu: arrows go through the groups, Enter moves, and focus
		// goes on to the next note without a group.
		const loose = panel.getByTestId('panel-loose');
		await expect(loose.getByRole('listitem')).toHaveCount(4);
		const moveWifi = panel.getByRole('button', {
			name: 'Sposta «Biblioteca aperta anche la domenica» in…'
		});
		await tabTo(page, moveWifi);
		await expectVisibleFocus(page);
		await page.keyboard.press('Enter');
		const menu = panel.getByRole('menu', {
			name: 'Sposta «Biblioteca aperta anche la domenica» in…'
		});
		await expect(menu.getByRole('menuitemradio', { name: 'Nessun gruppo' })).toBeFocused();
		await expect(menu.getByRole('menuitemradio', { name: 'Nessun gruppo' })).toHaveAttribute(
			'aria-checked',
			'true'
		);
		await page.keyboard.press('ArrowDown');
		// An arrow alone moves nothing.
		expect(
			Layout(client.doc, keyOf('Biblioteca aperta anche la domenica'))?.clusterId ?? null
		).toBeNull();
		await expect(menu.getByRole('menuitemradio', { name: 'Domenica' })).toBeFocused();
		await shot('canvas-move-menu');
		await page.keyboard.press('Enter');
		await expect
			.poll(() => Layout(client.doc, keyOf('Biblioteca aperta anche la domenica'))?.clusterId)
			.toBe(domenica);
		const movePrese = panel.getByRole('button', { name: 'Sposta «Più prese per i portatili» in…' });
		await expect(movePrese).toBeFocused();
		await expect(facilitator.region).toHaveText(
			'«Biblioteca aperta anche la domenica» spostata in «Domenica».'
		);

		// Escape closes a menu without moving, and gives focus back to its button.
		await page.keyboard.press('ArrowDown');
		await expect(page.getByRole('menu')).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(page.getByRole('menu')).toHaveCount(0);
		await expect(movePrese).toBeFocused();

		// ...and out again (Home: "no group"): focus on the next note of the group it left.
		await tabTo(
			page,
			panel.getByRole('button', { name: 'Sposta «Aperta la domenica mattina» in…' }),
			{
				back: true
			}
		);
		await page.keyboard.press('Enter');
		await page.keyboard.press('Home');
		await page.keyboard.press('Enter');
		await expect
			.poll(() => Layout(client.doc, keyOf('Aperta la domenica mattina'))?.clusterId ?? null)
			.toBeNull();
		await expect(
			panel.getByRole('button', { name: 'Sposta «Orari della domenica più lunghi» in…' })
		).toBeFocused();
		await expect(facilitator.region).toHaveText('«Aperta la domenica mattina» tolta dal gruppo.');

		// Renamed: the field opens focused, Enter saves, focus returns to the group's button.
		await tabTo(page, panel.getByRole('button', { name: 'Rinomina: Domenica' }), { back: true });
		await page.keyboard.press('Enter');
		await expect(panel.getByRole('textbox', { name: 'Nuovo nome di «Domenica»' })).toBeFocused();
		await page.keyboard.press('ControlOrMeta+A');
		await page.keyboard.type('   ');
		await page.keyboard.press('Enter');
		await expect(panel.getByRole('alert')).toHaveText('Dai un nome al gruppo.');
		expect(clusterLabels(client.doc)).toEqual(['Domenica']);
		await page.keyboard.press('ControlOrMeta+A');
		await page.keyboard.type('Orari');
		await page.keyboard.press('Enter');
		await expect.poll(() => clusterLabels(client.doc)).toEqual(['Orari']);
		await expect(panel.getByRole('button', { name: 'Rinomina: Orari' })).toBeFocused();
		await expectVisibleFocus(page);

		await expectNoAxeViolations(page, '[data-testid="cluster-panel"]');
		await shot('canvas-outline');

		// Suggestions: focus goes to them; one accepted under a new name.
		await tabTo(page, page.getByRole('button', { name: 'Suggerisci gruppi' }), { back: true });
		await page.keyboard.press('Enter');
		await expect(page.getByRole('heading', { name: 'Gruppi suggeriti' })).toBeFocused();
		const suggestion = page.getByTestId('suggestion').first();
		await expect(suggestion).toBeVisible();
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		await expect(suggestion.getByRole('textbox')).toBeFocused();
		await page.keyboard.press('ControlOrMeta+A');
		await page.keyboard.type('Connessione');
		await page.keyboard.press('Enter');
		await expect.poll(() => clusterLabels(client.doc)).toEqual(['Connessione', 'Orari']);
		await expect(facilitator.region).toHaveText(
			'Suggerimento accettato: gruppo «Connessione» creato.'
		);
		await expect(page.locator(':focus')).toBeVisible();
		await shot('canvas-outline-suggested');

		// Deleted: its notes stay, focus goes to the next group's heading.
		await tabTo(page, panel.getByRole('button', { name: 'Elimina il gruppo «Orari»' }));
		await page.keyboard.press('Enter');
		await expect.poll(() => clusterLabels(client.doc)).toEqual(['Connessione']);
		expect(client.doc.getMap('notes').size).toBe(6);
		await expect(panel.getByRole('heading', { name: 'Connessione' })).toBeFocused();

		// The list: a note hidden with a reason, by keyboard; the phone no longer shows it.
		await tabTo(page, page.getByRole('button', { name: 'Elenco' }), { back: true });
		await page.keyboard.press('Enter');
		await tabTo(
			page,
			page.getByRole('button', { name: 'Nascondi «In sala studio il wifi è lento»' })
		);
		await page.keyboard.press('Enter');
		const reason = page.getByRole('textbox', { name: 'Motivo (lo vede chi l’ha scritta)' });
		await expect(reason).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('note-row').getByRole('alert')).toHaveText(
			'Scrivi il motivo: chi ha scritto la nota lo vedrà.'
		);
		expect(
			client.doc.getMap('moderation').get(keyOf('In sala studio il wifi è lento'))
		).toBeUndefined();
		await expect(reason).toBeFocused();
		await page.keyboard.type('Doppione');
		await page.keyboard.press('Enter');
		await expect
			.poll(() => client.doc.getMap('moderation').get(keyOf('In sala studio il wifi è lento')))
			.toMatchObject({ hidden: true, reason: 'Doppione' });
		await expect(resident.page.getByText('In sala studio il wifi è lento')).toHaveCount(0);
		await expect(page.locator(':focus')).toHaveAttribute('id', /^hide-/);
		await expectNoAxeViolations(page, '.list-view');

		// Pre-moderation switched on with Space; a note from the phone waits and is approved by
		// keyboard; it reaches the board, and focus stays in the list.
		const premoderation = page.getByRole('switch', { name: 'Pre-moderazione' });
		await tabTo(page, premoderation);
		await expectVisibleFocus(page);
		await page.keyboard.press('Space');
		await expect(premoderation).toBeChecked();
		await resident.page
			.getByRole('textbox', { name: /^La tua nota/ })
			.fill('Corsi di italiano per adulti');
		await resident.page.getByRole('button', { name: 'Aggiungi la nota' }).click();
		const approve = page.getByRole('button', { name: 'Approva «Corsi di italiano per adulti»' });
		await tabTo(page, approve, { back: true });
		await page.keyboard.press('Enter');
		await expect
			.poll(() => [...client.doc.getMap<{ text: string }>('notes').values()].map((n) => n.text))
			.toContain('Corsi di italiano per adulti');
		await expect(page.getByTestId('held-notes')).toHaveCount(0);
		await expect(page.locator(':focus')).toHaveAttribute('id', 'notes-list-title');

		// The vote, by keyboard: everyone to it, opened, paper dots, closed, revealed.
		await tabTo(page, page.getByRole('button', { name: 'Porta tutti su «Voto a punti»' }), {
			back: true
		});
		await page.keyboard.press('Enter');
		await expect(phone.region).toHaveText('Nuova attività per tutti: Voto a punti.');
		await tabTo(page, page.getByRole('button', { name: 'Apri il voto' }));
		await page.keyboard.press('Enter');
		await expect(phone.region).toContainText('La votazione è aperta.');
		await expect(facilitator.region).toContainText('La votazione è aperta.');
		await tabTo(
			page,
			page.getByRole('spinbutton', { name: 'Punti dal foglio per «Aperta la domenica mattina»' })
		);
		await page.keyboard.type('3');
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('paper-dots').getByRole('status')).toHaveText('Salvato: 3');
		await tabTo(page, page.getByRole('button', { name: 'Chiudi il voto' }), { back: true });
		await page.keyboard.press('Enter');
		await expect(phone.region).toHaveText('La votazione è chiusa.');
		await tabTo(page, page.getByRole('button', { name: 'Mostra i risultati…' }));
		await page.keyboard.press('Enter');
		await expect(page.getByRole('button', { name: 'Sì, mostra i risultati' })).toBeFocused();
		await page.keyboard.press('Enter');
		const spoken = '1° posto: «Aperta la domenica mattina», 3 punti.';
		await expect(facilitator.region).toContainText(spoken);
		await expect(phone.region).toContainText(spoken);
		expect((await phone.said()).join(' ')).toContain('Ecco i risultati.');
		await expect(page.getByTestId('results').getByTestId('result')).toContainText(
			'Aperta la domenica mattina'
		);
		await shot('canvas-keyboard-results');
		await resident.page.screenshot({
			path: 'test-results/screens/canvas-keyboard-resident-results-phone.png',
			fullPage: true
		});

		// The resident's own note, let in long before, was not news to her: only the others' were.
		expect((await phone.said()).filter((s) => s.includes('nuov'))).toEqual([
			'5 nuove note sulla bacheca.',
			'1 nuova nota sulla bacheca.'
		]);
		// Nothing was said per keystroke: every sentence the facilitator heard is one of the above.
		const heard = await facilitator.said();
		expect(heard.length).toBeLessThan(20);
	} finally {
		client.destroy();
		await resident.context.close();
	}
});

test('a resident hears new notes in batches, the timer’s last minute and end, and the phases', async ({
	page,
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const laptop = await facilitatorLaptop(browser, baseURL!);
	try {
		const workshop = await createWorkshop(laptop.page, 'Laboratorio che parla');
		const wall = workshop.byKind('idea-wall');
		await act(laptop.page.request, workshop.id, { type: 'goto', activityId: wall.id });
		await act(laptop.page.request, workshop.id, {
			type: 'board-phase',
			boardId: wall.boardId,
			phase: 'open'
		});
		await page.goto(`/j/${workshop.code}`);
		await page.getByRole('textbox', { name: 'Scegli un soprannome' }).fill('Ada');
		await page.getByRole('button', { name: 'Entra nel laboratorio' }).click();
		const phone = await listen(page);
		await expect(page.locator('.live-status.synced').first()).toBeVisible();
		// Arriving is not news: the notes already there and the open board are not said.
		const client = await collabClient(laptop.context, baseURL!, `board:${wall.boardId}`);
		try {
			writeNotes(client.doc, ['Più panchine', 'Un bar', 'Libri in arabo']);
			await expect(phone.region).toHaveText('3 nuove note sulla bacheca.');
			writeNotes(client.doc, ['Corsi di italiano']);
			await expect(phone.region).toHaveText('1 nuova nota sulla bacheca.');
			expect((await phone.said()).filter((s) => s.includes('nuov'))).toEqual([
				'3 nuove note sulla bacheca.',
				'1 nuova nota sulla bacheca.'
			]);
		} finally {
			client.destroy();
		}

		await act(laptop.page.request, workshop.id, {
			type: 'board-phase',
			boardId: wall.boardId,
			phase: 'locked'
		});
		await expect(phone.region).toHaveText('La bacheca è chiusa. Non puoi più scrivere.');

		await act(laptop.page.request, workshop.id, { type: 'timer', op: 'start', seconds: 62 });
		await expect(phone.region).toHaveText('Manca un minuto.');
		await act(laptop.page.request, workshop.id, { type: 'timer', op: 'start', seconds: 2 });
		await expect(phone.region).toHaveText('Tempo scaduto.');
		// A paused timer says nothing more.
		const before = (await phone.said()).length;
		await act(laptop.page.request, workshop.id, { type: 'timer', op: 'start', seconds: 120 });
		await act(laptop.page.request, workshop.id, { type: 'timer', op: 'pause' });
		await expect(page.locator('.countdown')).toHaveClass(/paused/);
		expect((await phone.said()).length).toBe(before);
		// No presence, cursor or typing is ever said: everything heard is one of the sentences above.
		const heard = await phone.said();
		for (const sentence of heard) {
			expect(sentence).toMatch(
				/nuov[ae] not[ae] sulla bacheca|La bacheca è chiusa|Manca un minuto|Tempo scaduto/
			);
		}
	} finally {
		await laptop.context.close();
	}
});

test('selecting notes on the canvas is said once, in the page’s language, and Svelte Flow speaks it too', async ({
	page,
	baseURL,
	isMobile,
	shot
}) => {
	test.skip(isMobile, 'the live room is a laptop screen');
	test.setTimeout(120_000);
	await signInFacilitator(page);
	const workshop = await createWorkshop(page, 'Laboratorio che seleziona', { start: false });
	const wall = workshop.byKind('idea-wall');
	await act(page.request, workshop.id, { type: 'goto', activityId: wall.id });
	const client = await collabClient(page.context(), baseURL!, `board:${wall.boardId}`);
	try {
		const texts = [
			'Più panchine in giardino',
			'Un bar al piano terra',
			'Libri in arabo',
			'Corsi di italiano',
			'Aperta la domenica',
			'Più prese elettriche',
			'Sala per lo studio in gruppo',
			'Laboratori per bambini'
		];
		writeNotes(client.doc, texts);
		await page.goto(`/staff/run/${workshop.id}`);
		await expect(page.getByTestId('canvas-note')).toHaveCount(texts.length);
		await expect(page.locator('[data-live="synced"]')).toBeAttached();
		const facilitator = await listen(page);
		const heard = await listenToAllRegions(page);
		const toolbar = page.getByRole('toolbar', { name: 'Azioni sulla lavagna' });
		// The count in the toolbar is seen, not spoken on every change.
		await expect(toolbar.locator('[aria-live]')).toHaveCount(0);

		// A lasso over eight notes changes the selection at every step: one sentence in all the
		// page's live regions together, once the lasso stops.
		await page.getByRole('button', { name: 'Mostra tutto' }).click();
		const corner = await lassoAllNotes(page);
		await expect(toolbar.getByText('8 selezionate')).toBeVisible();
		await expect(facilitator.region).toHaveText('8 note selezionate.');
		expect(await heard()).toEqual(['8 note selezionate.']);
		await shot('canvas-lasso');

		// Emptied by a click on the background: the person did it, so it is said.
		await page.mouse.click(corner.right, corner.bottom);
		await expect(toolbar.getByText('0 selezionate')).toBeVisible();
		await expect(facilitator.region).toHaveText('Nessuna nota selezionata.');

		// Three quick shift-clicks: one sentence. Grouped from the toolbar: the group is said, and
		// the selection it empties is not.
		const note = (text: string) => page.locator('.svelte-flow__node').filter({ hasText: text });
		await note('Libri in arabo').click();
		await note('Corsi di italiano').click({ modifiers: ['Shift'] });
		await note('Un bar al piano terra').click({ modifiers: ['Shift'] });
		await expect(facilitator.region).toHaveText('3 note selezionate.');
		await toolbar.getByRole('button', { name: 'Raggruppa' }).click();
		await toolbar.getByLabel('Nome del nuovo gruppo').fill('Lingue');
		await toolbar.getByRole('button', { name: 'Crea il gruppo' }).click();
		await expect(facilitator.region).toHaveText('Gruppo «Lingue» creato con 3 note.');
		await expect(toolbar.getByText('0 selezionate')).toBeVisible();
		// By keyboard: Enter on a note selects it (Svelte Flow), and that is said too.
		await note('Aperta la domenica').focus();
		await page.keyboard.press('Enter');
		await expect(facilitator.region).toHaveText('1 nota selezionata.');
		expect(await heard()).toEqual([
			'8 note selezionate.',
			'Nessuna nota selezionata.',
			'3 note selezionate.',
			'Gruppo «Lingue» creato con 3 note.',
			'1 nota selezionata.'
		]);

		// Svelte Flow's own words are Italian: how to use a note, what it is, the zoom buttons,
		// and the echo of an arrow key in its own region.
		const focused = note('Aperta la domenica');
		const description = await focused.getAttribute('aria-describedby');
		await expect(page.locator(`[id="${description}"]`)).toHaveText(
			'Invio o spazio per selezionare la nota, poi le frecce per spostarla; Esc per annullare. Le note dei partecipanti non si eliminano da qui.'
		);
		await expect(focused).toHaveAttribute('aria-roledescription', 'nota');
		await expect(page.getByTestId('svelte-flow__controls')).toHaveAttribute(
			'aria-label',
			'Zoom della lavagna'
		);
		await expect(page.getByRole('button', { name: 'Ingrandisci' })).toBeVisible();
		await page.keyboard.press('ArrowRight');
		await expect(page.locator('.svelte-flow [aria-live="assertive"]')).toHaveText(
			/^Nota spostata\. Nuova posizione: x -?\d+, y -?\d+$/
		);
		await expect(page.locator('.svelte-flow')).not.toContainText(/Press enter|Moved selected/);

		// The same in English, chosen with the language switch.
		await page.goto('/staff');
		await switchLanguage(page, 'en');
		await page.goto(`/staff/run/${workshop.id}`);
		await expect(page.getByTestId('canvas-note')).toHaveCount(texts.length);
		await expect(page.locator('[data-live="synced"]')).toBeAttached();
		const english = await listen(page);
		const first = note('Laboratori per bambini');
		await expect(page.locator(`[id="${await first.getAttribute('aria-describedby')}"]`)).toHaveText(
			'Enter or space selects the note, then the arrow keys move it; Escape cancels. Participants’ notes cannot be deleted here.'
		);
		await expect(first).toHaveAttribute('aria-roledescription', 'note');
		await expect(page.getByTestId('svelte-flow__controls')).toHaveAttribute(
			'aria-label',
			'Board zoom'
		);
		await expect(page.getByRole('button', { name: 'Zoom in' })).toBeVisible();
		await first.focus();
		await page.keyboard.press('Enter');
		await expect(english.region).toHaveText('1 note selected.');
		await page.keyboard.press('Escape');
		await expect(english.region).toHaveText('No notes selected.');
	} finally {
		client.destroy();
	}
});

test('when a canvas control goes away as it is used, keyboard focus stays on the canvas, never on the page', async ({
	page,
	baseURL,
	isMobile
}) => {
	test.skip(isMobile, 'the live room is a laptop screen');
	test.setTimeout(120_000);
	await signInFacilitator(page);
	const workshop = await createWorkshop(page, 'Laboratorio che non perde il fuoco', {
		start: false
	});
	const wall = workshop.byKind('idea-wall');
	await act(page.request, workshop.id, { type: 'goto', activityId: wall.id });
	const client = await collabClient(page.context(), baseURL!, `board:${wall.boardId}`);
	try {
		const [, second] = writeNotes(client.doc, ['Libri in arabo', 'Corsi di italiano']);
		await page.goto(`/staff/run/${workshop.id}`);
		await expect(page.getByTestId('canvas-note')).toHaveCount(2);
		await expect(page.locator('[data-live="synced"]')).toBeAttached();
		const toolbar = page.getByRole('toolbar', { name: 'Azioni sulla lavagna' });
		const note = (text: string) => page.locator('.svelte-flow__node').filter({ hasText: text });
		const onPage = () => page.evaluate(() => document.activeElement === document.body);
		/** Selects a note with the keyboard, as Svelte Flow offers: focus it, then Enter. */
		async function selectByKeyboard(text: string) {
			await note(text).focus();
			await page.keyboard.press('Enter');
			await expect(toolbar.getByText('1 selezionata')).toBeVisible();
		}

		// Deselect removes itself: focus goes to the canvas, and shows.
		await selectByKeyboard('Libri in arabo');
		await tabTo(page, toolbar.getByRole('button', { name: 'Deseleziona' }));
		await page.keyboard.press('Enter');
		await expect(toolbar.getByText('0 selezionate')).toBeVisible();
		await expect(toolbar.getByRole('button', { name: 'Deseleziona' })).toHaveCount(0);
		expect(await onPage()).toBe(false);
		await expect(
			page.getByRole('region', { name: 'Lavagna: trascina le note per spostarle' })
		).toBeFocused();
		await expectVisibleFocus(page);

		// The naming form closes once the group is made: the same.
		await selectByKeyboard('Libri in arabo');
		await tabTo(page, toolbar.getByRole('button', { name: 'Raggruppa' }));
		await page.keyboard.press('Enter');
		await page.keyboard.type(' arabo');
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('canvas-cluster')).toHaveCount(1);
		expect(await onPage()).toBe(false);
		await expectVisibleFocus(page);

		// Ungroup turns disabled once its notes have left their group: the same.
		await selectByKeyboard('Libri in arabo');
		await tabTo(page, toolbar.getByRole('button', { name: 'Togli dal gruppo' }));
		await page.keyboard.press('Enter');
		await expect(toolbar.getByRole('button', { name: 'Togli dal gruppo' })).toBeDisabled();
		expect(await onPage()).toBe(false);
		await expectVisibleFocus(page);

		// The selected note hidden by someone else while focus is on Deselect: the same.
		await selectByKeyboard('Corsi di italiano');
		await tabTo(page, toolbar.getByRole('button', { name: 'Deseleziona' }));
		await act(page.request, workshop.id, {
			type: 'hide-note',
			boardId: wall.boardId,
			noteId: second,
			reason: 'Doppione'
		});
		await expect(toolbar.getByRole('button', { name: 'Deseleziona' })).toHaveCount(0);
		expect(await onPage()).toBe(false);
		await expectVisibleFocus(page);

		// In the list beside the canvas, the button that makes a group of the checked notes turns
		// disabled as it empties the selection: focus goes to the new group's heading.
		const panel = page.getByTestId('cluster-panel');
		const box = panel.getByRole('checkbox', { name: 'Seleziona «Libri in arabo»' });
		await tabTo(page, box);
		await page.keyboard.press('Space');
		await tabTo(
			page,
			panel.getByRole('button', { name: 'Crea un gruppo con le note selezionate' })
		);
		await page.keyboard.press('Enter');
		await expect(panel.getByTestId('panel-cluster')).toHaveCount(2);
		await expect(panel.getByRole('heading', { name: 'Gruppo 2' })).toBeFocused();
		await expectVisibleFocus(page);
	} finally {
		client.destroy();
	}
});
