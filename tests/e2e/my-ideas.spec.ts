import type { Page } from '@playwright/test';
import { connect } from '../helpers/collab';
import { expect, switchLanguage, test } from './fixtures';
import { act, createWorkshop, joinOnPhone, signInFacilitator } from './live-workshop';

/**
 * Closing the loop: a resident writes a note on their phone, staff make it a proposal through the
 * API, and the same phone finds it on "Le mie idee" with its stage — and the next stage after a
 * manager moves it.
 */

async function screen(page: Page, name: string) {
	await page.screenshot({ path: `test-results/screens/my-ideas-${name}.png`, fullPage: true });
}

const NOTE = 'Armadietti per i libri la sera';

test('the resident’s phone shows their idea on “Le mie idee”, stage by stage', async ({
	browser,
	baseURL
}) => {
	test.skip(test.info().project.name !== 'phone', 'the resident’s phone, at 360 × 740');
	test.setTimeout(120_000);

	// A facilitator runs a workshop; once Giulia is in, everyone goes to the open empathy map.
	const staff = await browser.newContext({ baseURL, locale: 'it-IT' });
	const staffPage = await staff.newPage();
	await signInFacilitator(staffPage);
	const workshop = await createWorkshop(staffPage, 'Le idee di Dergano');
	const board = workshop.byKind('empathy-map');
	await act(staff.request, workshop.id, {
		type: 'board-phase',
		boardId: board.boardId,
		phase: 'open'
	});

	// Giulia writes a note in the room.
	const giulia = await joinOnPhone(browser, baseURL!, workshop.code, 'Giulia');
	await act(staff.request, workshop.id, { type: 'goto', activityId: board.id });
	await giulia.page.getByRole('textbox', { name: /La tua nota/ }).fill(NOTE);
	await giulia.page.getByRole('button', { name: 'Aggiungi la nota' }).click();
	await expect(
		giulia.page.getByRole('button', { name: `Modifica la nota «${NOTE}»` })
	).toBeVisible();

	// Before any proposal, "Le mie idee" (linked from the room) says what will appear there.
	await giulia.page.getByRole('link', { name: 'Le mie idee' }).click();
	await expect(giulia.page).toHaveURL(/\/le-mie-idee$/);
	await expect(giulia.page.getByRole('heading', { name: 'Ancora nessuna proposta' })).toBeVisible();
	await expect(giulia.page.getByText('Gli avvisi per email non sono attivi')).toBeVisible();
	await screen(giulia.page, 'empty');

	// The facilitator promotes it through the API.
	const cookie = (await staff.cookies()).find((c) => c.name === 'piazza_session')!.value;
	const canvas = await connect(baseURL!, `board:${board.boardId}`, cookie);
	let noteId = '';
	for (const [key, note] of canvas.doc.getMap<{ text: string }>('notes'))
		if (note.text === NOTE) noteId = key;
	canvas.destroy();
	expect(noteId).not.toBe('');
	const promoted = await staff.request.post('/api/proposals', {
		data: {
			title: 'Ritiro dei prestiti fuori orario',
			problem: 'Chi lavora non riesce a ritirare i prestiti.',
			source: { boardId: board.boardId, noteIds: [noteId] },
			branchIds: [],
			serviceSlugs: ['smart-locker']
		}
	});
	expect(promoted.status(), await promoted.text()).toBe(201);
	const proposalId = ((await promoted.json()) as { id: string }).id;

	// After a reload the phone shows it, with its stage in plain words.
	await giulia.page.reload();
	const idea = giulia.page.locator(`[data-proposal="${proposalId}"]`);
	await expect(
		idea.getByRole('link', { name: 'Ritiro dei prestiti fuori orario' })
	).toHaveAttribute('href', `/p/${proposalId}`);
	await expect(idea.getByText('Proposta', { exact: true })).toBeVisible();
	await expect(
		idea.getByText('Il personale della biblioteca sta leggendo la proposta')
	).toBeVisible();
	await expect(idea.getByText('Tua idea')).toBeVisible();
	await expect(idea.getByText('Dal laboratorio «\u2068Le idee di Dergano\u2069»')).toBeVisible();

	// She follows it; the choice holds across a reload.
	await idea.getByRole('button', { name: 'Segui' }).click();
	await expect(idea.getByText('La segui', { exact: false }).first()).toBeVisible();
	await screen(giulia.page, 'proposed');

	// A manager shortlists it through the API; after a reload the phone shows the new stage.
	const manager = await browser.newContext({ baseURL });
	const signedIn = await manager.request.post('/api/auth/sign-in', {
		data: { email: 'responsabile@example.org', password: 'piazza-demo' }
	});
	expect(signedIn.status()).toBe(200);
	const moved = await manager.request.post(`/api/proposals/${proposalId}/transitions`, {
		data: { to: 'shortlisted', note: 'La proviamo a Dergano.' }
	});
	expect(moved.status(), await moved.text()).toBe(200);
	await giulia.page.reload();
	await expect(idea.getByText('Selezionata', { exact: true })).toBeVisible();
	await expect(
		idea.getByText('La biblioteca l’ha scelta tra le proposte da provare.')
	).toBeVisible();
	await expect(idea.getByRole('button', { name: 'Smetti di seguire' })).toBeVisible();
	await screen(giulia.page, 'shortlisted');

	// The same page in English, through the language switch.
	await switchLanguage(giulia.page);
	await expect(giulia.page.getByRole('heading', { level: 1, name: 'My ideas' })).toBeVisible();
	await expect(idea.getByText('Shortlisted', { exact: true })).toBeVisible();
	await expect(idea.getByText('Your idea')).toBeVisible();
	await screen(giulia.page, 'shortlisted-en');
	await switchLanguage(giulia.page);

	// A visitor without a participant session is told kindly why there is nothing.
	const visitor = await browser.newContext({
		baseURL,
		locale: 'it-IT',
		viewport: { width: 360, height: 740 },
		isMobile: true,
		hasTouch: true,
		deviceScaleFactor: 2
	});
	const visitorPage = await visitor.newPage();
	await visitorPage.goto('/le-mie-idee');
	await expect(
		visitorPage.getByRole('heading', {
			name: 'Le tue idee si vedono dal telefono con cui hai partecipato'
		})
	).toBeVisible();
	await screen(visitorPage, 'no-session');

	// And on a desktop, the same list for a resident who joined there.
	const desktop = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
	await desktop.addCookies(
		(await giulia.context.cookies()).filter((c) => c.name === 'piazza_session')
	);
	const desktopPage = await desktop.newPage();
	await desktopPage.goto('/le-mie-idee');
	await expect(desktopPage.locator(`[data-proposal="${proposalId}"]`)).toContainText('Selezionata');
	await desktopPage.screenshot({
		path: 'test-results/screens/my-ideas-shortlisted-desktop.png',
		fullPage: true
	});

	for (const context of [staff, giulia.context, manager, visitor, desktop]) await context.close();
});
