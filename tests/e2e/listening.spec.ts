import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Listening points: staff create one from the dashboard, print its A4 poster (one page), and a
 * resident who scans it lands on the question with a composer, with nobody running the session.
 */

const QUESTION = 'Come potremmo portare la biblioteca al mercato del sabato?';

async function signIn(page: Page) {
	await page.goto('/staff/sign-in');
	await page.getByLabel('Email').fill('facilitatore@example.org');
	await page.getByLabel('Password').fill('piazza-demo');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page).toHaveURL(/\/staff$/);
}

/** Fills and sends the form; returns the new workshop page's join code. */
async function createListeningPoint(
	page: Page,
	title: string,
	question = QUESTION
): Promise<string> {
	await page.getByLabel('Percorso').selectOption({ label: 'La biblioteca che vorrei — Dergano' });
	await page.getByRole('textbox', { name: 'La domanda' }).fill(question);
	await page.getByRole('textbox', { name: 'Titolo' }).fill(title);
	await page.getByLabel('Indirizzo o nome del luogo').fill('Mercato comunale di via Crespi');
	await page.getByRole('button', { name: 'Crea il punto d’ascolto' }).click();
	await expect(page).toHaveURL(/\/staff\/workshops\/[0-9a-f-]{36}\?created=1$/);
	return (await page.getByTestId('join-code').textContent())!.trim();
}

/** A staff member on a laptop, in their own browser context, creates a listening point. */
async function createAsStaff(browser: Browser, baseURL: string, title: string) {
	const context = await browser.newContext({
		baseURL,
		locale: 'it-IT',
		timezoneId: 'Europe/Rome',
		viewport: { width: 1280, height: 800 }
	});
	const page = await context.newPage();
	await signIn(page);
	await page.goto('/staff/listening/new');
	const code = await createListeningPoint(page, title);
	await context.close();
	return code;
}

test('staff create a listening point and print its poster on one A4 page', async ({
	page,
	shot
}, testInfo) => {
	test.skip(testInfo.project.name !== 'desktop', 'a facilitator’s laptop task');
	await signIn(page);
	await page.getByRole('link', { name: 'Nuovo punto d’ascolto' }).first().click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Nuovo punto d’ascolto' })
	).toBeVisible();

	// Bad input: every error next to its field, nothing created.
	await page.getByLabel('Fino al').fill('2020-01-01');
	await page.getByRole('button', { name: 'Crea il punto d’ascolto' }).click();
	await expect(page).toHaveURL(/\/staff\/listening\/new$/);
	await expect(page.getByText('Scrivi la domanda a cui rispondere.')).toBeVisible();
	await expect(page.getByText('L’ultimo giorno viene prima del primo.')).toBeVisible();
	await expect(page.getByText('Scegli il percorso di cui fa parte.')).toBeVisible();
	await shot('listening-form-errors');

	// A week from today on the library's calendar.
	const inAWeek = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(
		new Date(Date.now() + 7 * 24 * 60 * 60 * 1000)
	);
	await page.getByLabel('Fino al').fill(inAWeek);
	const code = await createListeningPoint(page, 'Mercato di via Crespi');
	expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
	const card = page.getByTestId('listening-card');
	await expect(card.getByText(QUESTION)).toBeVisible();
	await expect(card.getByText(/^Aperto fino al /)).toBeVisible();
	await expect(page.getByTestId('activity')).toHaveCount(1);
	await shot('listening-workshop');

	// The dashboard lists it with its tag and its first day.
	await page.goto('/staff');
	const row = page.getByRole('row').filter({ hasText: 'Mercato di via Crespi' });
	await expect(row.getByText('Punto d’ascolto')).toBeVisible();
	await expect(row.getByText(code)).toBeVisible();
	await shot('listening-dashboard');
	await row.getByRole('link', { name: 'Mercato di via Crespi' }).click();

	await card.getByRole('link', { name: 'Manifesto da stampare' }).click();
	await expect(page).toHaveURL(/\/staff\/workshops\/[0-9a-f-]{36}\/poster$/);
	const poster = page.getByTestId('poster');
	await expect(poster.getByRole('heading', { level: 1 })).toHaveText(QUESTION);
	await expect(page.getByTestId('poster-code')).toHaveText(code);
	await expect(poster.getByText(`/j/${code}`)).toBeVisible();
	await expect(poster.getByText('Mercato comunale di via Crespi')).toBeVisible();
	await expect(poster.getByText('Scegli un soprannome, non serve registrarsi.')).toBeVisible();
	await expect(poster.getByRole('img', { name: /QR/ })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Stampa' })).toBeVisible();
	await shot('listening-poster');

	await expectOnePrintedPage(page);
	await shot('listening-poster-print');
});

/**
 * In print, the button and the help are gone, nothing is cut off (the last line, in the other
 * language, ends inside the sheet), and the PDF has exactly one page.
 */
async function expectOnePrintedPage(page: Page) {
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Stampa' })).toBeHidden();
	const poster = page.getByTestId('poster');
	const sheet = (await poster.boundingBox())!;
	const last = (await poster.locator('.other-language').boundingBox())!;
	expect(last.y + last.height).toBeLessThanOrEqual(sheet.y + sheet.height);
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	// Each page of the document is one `/Type /Page` object (the tree itself is `/Type /Pages`).
	expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)).toHaveLength(1);
}

test('a question of the longest length still fits its poster on one page', async ({
	page,
	shot
}, testInfo) => {
	test.skip(testInfo.project.name !== 'desktop', 'a facilitator’s laptop task');
	await signIn(page);
	await page.goto('/staff/listening/new');
	const long =
		'Che cosa vorreste trovare in una biblioteca aperta sotto casa, nel cortile del condominio, ' +
		'tra una spesa e l’altra: libri, giochi, un posto tranquillo per studiare o per incontrarsi? ' +
		'Scrivetecelo qui!';
	expect(long).toHaveLength(200);
	await createListeningPoint(page, 'Condominio di via Livigno', long);
	await page.getByRole('link', { name: 'Manifesto da stampare' }).click();
	await expect(page.getByTestId('poster').getByRole('heading', { level: 1 })).toHaveText(long);
	await expectOnePrintedPage(page);
	await shot('listening-poster-long');
});

test('a resident who scans the poster sees the question with a composer', async ({
	page,
	browser,
	baseURL,
	shot
}, testInfo) => {
	test.skip(testInfo.project.name !== 'phone', 'a resident’s phone');
	const code = await createAsStaff(browser, baseURL!, 'Biblioteca di condominio');

	await page.goto(`/j/${code}`);
	await page.getByRole('textbox', { name: 'Scegli un soprannome' }).fill('Lucia');
	await page.getByRole('button', { name: 'Entra nel laboratorio' }).click();
	await expect(page.getByText(QUESTION)).toBeVisible();
	const composer = page.getByRole('textbox', { name: 'La tua nota' });
	await expect(composer).toBeVisible();
	await composer.fill('Un carretto di libri tra i banchi della frutta');
	await page.getByRole('button', { name: 'Aggiungi la nota' }).click();
	await expect(page.getByText('Un carretto di libri tra i banchi della frutta')).toBeVisible();
	await shot('listening-resident');
});
