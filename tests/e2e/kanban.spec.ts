import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations } from './a11y';

/**
 * Issue 7, the review's kanban on the demo data set's year of history: a manager drags a proposal
 * to the next stage and confirms it in the same evidence form as the proposal's page, is told why
 * a drag that skips a stage is refused, and moves another card from the keyboard alone (its
 * "Move…" menu). On a phone the columns scroll sideways and nothing
 * overflows the page.
 */

const DRAGGED = 'Biblio-point nei negozi di Zara';
const SKIPPING = 'Armadietti per i libri in stazione Zara';
const BY_KEYBOARD = 'Un laboratorio del fare al Gallaratese';

async function signInManager(page: Page) {
	await page.goto('/staff/sign-in');
	await page.getByLabel('Email').fill('responsabile@example.org');
	await page.getByLabel('Password').fill('piazza-demo');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page).toHaveURL(/\/staff$/);
}

const column = (page: Page, stage: string) =>
	page.locator(`[data-testid="kanban-column"][data-stage="${stage}"]`);
/**
 * Drags a card onto a column at the card's own height: the columns are as tall as the board, and
 * a drop point level with the card needs no scrolling in the middle of the drag.
 */
async function drag(page: Page, title: string, stage: string) {
	const source = card(page, title);
	await source.scrollIntoViewIfNeeded();
	const from = (await source.boundingBox())!;
	const to = (await column(page, stage).boundingBox())!;
	await source.dragTo(column(page, stage), {
		targetPosition: { x: to.width / 2, y: from.y + from.height / 2 - to.y }
	});
}

const card = (page: Page, title: string) =>
	page
		.getByTestId('kanban-card')
		.filter({ has: page.getByRole('link', { name: title, exact: true }) });

test.describe('desktop', () => {
	test.skip(({ isMobile }) => isMobile, 'moves are made once, at 1280×800; the phone reads below');
	test.setTimeout(120_000);

	test('a manager moves proposals by dragging them and from the keyboard', async ({
		page,
		shot
	}) => {
		await page.setViewportSize({ width: 1280, height: 800 });
		await signInManager(page);
		await page.goto('/staff/review');
		await page.getByRole('link', { name: 'Per fase' }).click();
		await expect(page).toHaveURL(/\/staff\/review\/board$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Proposte per fase');
		await expect(card(page, DRAGGED)).toBeVisible();
		await expectNoAxeViolations(page, 'kanban 1');
		await shot('kanban');

		// A drag that skips stages is refused on the spot, in words, and nothing moves.
		await drag(page, SKIPPING, 'adopted');
		await expect(page.getByTestId('kanban-notice')).toContainText(
			'Da «Proposta» si passa solo a: Selezionata, Archiviata.'
		);
		await expect(
			column(page, 'proposed').getByRole('link', { name: SKIPPING, exact: true })
		).toBeVisible();
		await expect(page.getByTestId('kanban-dialog')).not.toBeVisible();

		// A drag to the next stage opens the evidence form with that move chosen.
		await drag(page, DRAGGED, 'shortlisted');
		const dialog = page.getByTestId('kanban-dialog');
		await expect(dialog).toBeVisible();
		await expect(dialog.getByRole('heading', { name: `Sposta «${DRAGGED}»` })).toBeVisible();
		await expect(dialog.getByRole('button', { name: 'Porta a «Selezionata»' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await dialog.getByLabel('Nota (facoltativa)').fill('Ne parliamo a gennaio');
		await shot('kanban-drop');
		await dialog.getByRole('button', { name: 'Conferma: Selezionata' }).click();
		await expect(dialog).not.toBeVisible();
		await expect(page.getByTestId('kanban-notice')).toContainText(
			`«${DRAGGED}» ora è in «Selezionata».`
		);
		await expect(
			column(page, 'shortlisted').getByRole('link', { name: DRAGGED, exact: true })
		).toBeVisible();
		await expect(
			column(page, 'proposed').getByRole('link', { name: DRAGGED, exact: true })
		).toHaveCount(0);

		// From the keyboard alone: the card's menu, then the move and its confirmation.
		const menu = card(page, BY_KEYBOARD).getByRole('link', {
			name: `Sposta «${BY_KEYBOARD}» in un’altra fase`
		});
		await menu.focus();
		await page.keyboard.press('Enter');
		await expect(dialog).toBeVisible();
		await dialog.getByRole('button', { name: 'Porta a «In valutazione»' }).press('Enter');
		await dialog.getByRole('button', { name: 'Conferma: In valutazione' }).press('Enter');
		await expect(dialog).not.toBeVisible();
		await expect(
			column(page, 'evaluating').getByRole('link', { name: BY_KEYBOARD, exact: true })
		).toBeVisible();

		// The history of the dragged proposal holds the move and its note.
		await page.getByRole('link', { name: DRAGGED, exact: true }).click();
		await expect(page.getByText('Ne parliamo a gennaio')).toBeVisible();
	});
});

test('the kanban reads on a phone, its columns scrolled sideways', async ({
	browser,
	baseURL,
	isMobile
}) => {
	test.skip(!isMobile, 'read once, in the phone project');
	const context = await browser.newContext({
		baseURL,
		viewport: { width: 360, height: 740 },
		isMobile: true,
		hasTouch: true
	});
	const page = await context.newPage();
	await signInManager(page);
	await page.goto('/staff/review/board');
	await expect(column(page, 'proposed')).toBeVisible();
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	// The board itself scrolls: later columns are there, a swipe away.
	const board = page.getByTestId('kanban');
	expect(await board.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
	await page.screenshot({ path: test.info().outputPath('kanban-phone.png'), fullPage: true });
	await context.close();
});
