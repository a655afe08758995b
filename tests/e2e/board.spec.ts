import type { Browser, Page } from '@playwright/test';
import { startDemoBoard, workshopIdOf } from './demo-live';
import { expect, test } from './fixtures';

/** A resident on their own phone (a fresh browser context) joining the demo workshop. */
async function joinAs(browser: Browser, baseURL: string, name: string) {
	const viewport = test.info().project.use.viewport ?? { width: 360, height: 740 };
	const context = await browser.newContext({ baseURL, locale: 'it-IT', viewport });
	const page = await context.newPage();
	await page.goto('/j/CASA42');
	await page.getByRole('textbox', { name: 'Scegli un soprannome' }).fill(name);
	await page.getByRole('button', { name: 'Entra nel laboratorio' }).click();
	await expect(page).toHaveURL(/\/room\//);
	// The phone shows what the facilitator brought everyone to: the demo's empathy map.
	await startDemoBoard(baseURL, workshopIdOf(page.url()));
	await expect(
		page.getByRole('heading', { level: 2, name: /Chi usa la biblioteca/ })
	).toBeVisible();
	await expect(page.getByText('Collegato: le note arrivano in diretta')).toBeVisible();
	return { context, page };
}

async function post(page: Page, text: string) {
	// The demo's empathy map opens on its first section.
	await page.getByRole('textbox', { name: 'La tua nota in «Dice»' }).fill(text);
	await page.getByRole('button', { name: 'Aggiungi la nota' }).click();
}

/** Both projects write on the same demo board: texts carry the project's name. */
const tagged = (text: string) => `${text} (${test.info().project.name})`;

test('residents write notes on the open board and see each other’s live', async ({
	browser,
	baseURL
}) => {
	const anna = await joinAs(browser, baseURL!, 'Anna');
	const bruno = await joinAs(browser, baseURL!, 'Bruno');
	await post(anna.page, tagged('Vorrei la biblioteca aperta la domenica'));
	await expect(
		bruno.page.getByText(tagged('Vorrei la biblioteca aperta la domenica'))
	).toBeVisible();
	await post(bruno.page, tagged('Un angolo per fare i compiti'));
	await expect(anna.page.getByText(tagged('Un angolo per fare i compiti'))).toBeVisible();

	// An empty note is refused before it is sent, in words.
	await anna.page.getByRole('textbox', { name: 'La tua nota in «Dice»' }).fill('   ');
	await anna.page.getByRole('button', { name: 'Aggiungi la nota' }).click();
	await expect(anna.page.getByText('La nota è vuota: scrivi qualcosa.')).toBeVisible();

	// Editing one's own note reaches the others too; others' notes offer no edit button.
	const mine = anna.page
		.getByRole('listitem')
		.filter({ hasText: tagged('Vorrei la biblioteca aperta la domenica') });
	await mine.getByRole('button', { name: 'Modifica' }).click();
	await anna.page
		.locator('li', { has: anna.page.getByRole('textbox', { name: 'Modifica la nota' }) })
		.screenshot({ path: `test-results/screens/board-edit-${test.info().project.name}.png` });
	await anna.page
		.getByRole('textbox', { name: 'Modifica la nota' })
		.fill(tagged('Aperta anche la domenica mattina'));
	await anna.page.getByRole('button', { name: 'Salva' }).click();
	await expect(bruno.page.getByText(tagged('Aperta anche la domenica mattina'))).toBeVisible();
	const theirs = anna.page
		.getByRole('listitem')
		.filter({ hasText: tagged('Un angolo per fare i compiti') });
	await expect(theirs.getByRole('button', { name: 'Modifica' })).toHaveCount(0);

	await anna.page.screenshot({
		path: `test-results/screens/board-${test.info().project.name}.png`,
		fullPage: true
	});
	await anna.context.close();
	await bruno.context.close();
});

test('a note written without a connection waits on the phone and arrives when it is back', async ({
	browser,
	baseURL
}) => {
	const carla = await joinAs(browser, baseURL!, 'Carla');
	const dario = await joinAs(browser, baseURL!, 'Dario');
	await carla.context.setOffline(true);
	await expect(carla.page.getByText(/Senza connessione/)).toBeVisible();
	await post(carla.page, tagged('Scritta in metropolitana'));
	await expect(carla.page.getByText(tagged('Scritta in metropolitana'))).toBeVisible();
	await carla.page.screenshot({
		path: `test-results/screens/board-offline-${test.info().project.name}.png`,
		fullPage: true
	});
	await expect(dario.page.getByText(tagged('Scritta in metropolitana'))).toHaveCount(0);
	await carla.context.setOffline(false);
	await expect(carla.page.getByText('Collegato: le note arrivano in diretta')).toBeVisible();
	await expect(dario.page.getByText(tagged('Scritta in metropolitana'))).toBeVisible();
	await carla.context.close();
	await dario.context.close();
});
