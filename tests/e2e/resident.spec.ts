import { startDemoBoard, workshopIdOf } from './demo-live';
import { expect, switchLanguage, test } from './fixtures';
import { expectNoAxeViolations } from './a11y';

// The demo workshop (src/lib/server/demo/seed.ts) the e2e server starts with.
const TITLE = 'La biblioteca che vorrei — serata di quartiere';
const WELCOME = /Benvenute e benvenuti! Stasera immaginiamo insieme la biblioteca di Dergano/;

test('a resident types the code on the home page, picks a nickname and lands in the waiting room', async ({
	page,
	shot,
	baseURL
}) => {
	await page.goto('/');
	const code = page.getByRole('textbox', { name: 'Inserisci il codice del laboratorio' });
	// The code field leads the page: nothing to scroll past, nothing to read first.
	await expect(
		page.locator('main :is(input, button, a, textarea, select)').first()
	).toHaveAttribute('id', 'join-code');
	await expect(code).toHaveAttribute('autocomplete', 'off');
	await expect(code).toHaveAttribute('autocapitalize', 'characters');
	await expect(
		page.getByRole('link', { name: 'Personale delle biblioteche: accedi' })
	).toHaveAttribute('href', '/staff/sign-in');
	await shot('home');
	await expectNoAxeViolations(page, 'resident 1');

	await code.fill('casa 42');
	await page.getByRole('button', { name: 'Entra', exact: true }).click();
	await expect(page).toHaveURL(/\/j\/CASA42$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
	await expect(page.getByText('Biblioteca Dergano')).toBeVisible();
	await shot('join');
	await expectNoAxeViolations(page, 'resident 2');

	await page.getByRole('textbox', { name: 'Scegli un soprannome' }).fill('Maria di Dergano');
	await page.getByRole('button', { name: 'Entra nel laboratorio' }).click();
	await expect(page).toHaveURL(/\/room\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
	await expect(page.getByText(WELCOME)).toBeVisible();
	// The workshop is live and its facilitator brings everyone to the first board: the room shows
	// the board to write on.
	await startDemoBoard(baseURL!, workshopIdOf(page.url()));
	await expect(
		page.getByRole('heading', { level: 2, name: /Chi usa la biblioteca/ })
	).toBeVisible();
	await expect(page.getByText('Collegato: le note arrivano in diretta')).toBeVisible();
	await expect(page.locator('.chosen')).toHaveText('Hai scelto il soprannome Maria di Dergano');
	await expect(page).toHaveTitle(`${TITLE} · Piazza`);
	await shot('room');
	await expectNoAxeViolations(page, 'resident 3');
});

test('a resident who scans the QR opens the join page directly, and the same session brings them back', async ({
	page
}) => {
	await page.goto('/j/CASA42');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
	await expect(page.getByRole('textbox', { name: 'Scegli un soprannome' })).toBeFocused();
	await page.getByRole('textbox', { name: 'Scegli un soprannome' }).fill('Luca 🚲');
	await page.getByRole('textbox', { name: 'Scegli un soprannome' }).press('Enter');
	await expect(page).toHaveURL(/\/room\//);
	await expect(page.getByText(WELCOME)).toBeVisible();
	const room = page.url();

	// Scanning the QR again: no second nickname, straight back to their place.
	await page.goto('/j/CASA42');
	await expect(page).toHaveURL(room);
	await expect(page.locator('.chosen')).toHaveText('Hai scelto il soprannome Luca 🚲');
});

test('a resident changes their nickname from the waiting room', async ({ page, shot }) => {
	await page.goto('/j/CASA42');
	await page.getByRole('textbox', { name: 'Scegli un soprannome' }).fill('Giò');
	await page.getByRole('button', { name: 'Entra nel laboratorio' }).click();
	await expect(page).toHaveURL(/\/room\//);

	await page.getByText('Cambia soprannome').click();
	const field = page.getByRole('textbox', { name: 'Nuovo soprannome' });
	await field.fill('x'.repeat(41));
	await page.getByRole('button', { name: 'Salva il soprannome' }).click();
	await expect(
		page.getByText('Il soprannome è troppo lungo: al massimo 40 caratteri.')
	).toBeVisible();
	await expect(field).toHaveValue('x'.repeat(41));
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await shot('room-rename-error');

	await field.fill('Giovanna della Bovisa');
	await page.getByRole('button', { name: 'Salva il soprannome' }).click();
	await expect(page.locator('.chosen')).toHaveText(
		'Hai scelto il soprannome Giovanna della Bovisa'
	);
	await expect(
		page.getByText('Fatto: adesso il tuo soprannome è «Giovanna della Bovisa».')
	).toBeVisible();
});

test('a bad nickname is explained in Italian, and in English after switching language, keeping what was typed', async ({
	page,
	shot
}) => {
	await page.goto('/j/CASA42');
	const field = page.getByRole('textbox', { name: 'Scegli un soprannome' });
	const tooLong = 'Maria Grazia della Biblioteca di Dergano!'; // 41 characters
	await field.fill(tooLong);
	await page.getByRole('button', { name: 'Entra nel laboratorio' }).click();
	await expect(
		page.getByText('Il soprannome è troppo lungo: al massimo 40 caratteri.')
	).toBeVisible();
	await expect(field).toHaveValue(tooLong);
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(page).toHaveURL(/\/j\/CASA42$/);
	await shot('join-error');

	await switchLanguage(page);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	const english = page.getByRole('textbox', { name: 'Choose a nickname' });
	await expect(page.getByText('That nickname is too long: 40 characters at most.')).toBeVisible();
	await expect(english).toHaveValue(tooLong);
	await shot('join-error-en');

	await english.fill('    ');
	await page.getByRole('button', { name: 'Join the workshop' }).click();
	await expect(page.getByText("Please write a nickname: it can't be empty.")).toBeVisible();
	await expect(english).toHaveValue('    ');
});

test('a code typed wrong on the home page is refused under the field, keeping what was typed', async ({
	page,
	shot
}) => {
	await page.goto('/');
	const code = page.getByRole('textbox', { name: 'Inserisci il codice del laboratorio' });
	await code.fill('ciao!');
	await page.getByRole('button', { name: 'Entra', exact: true }).click();
	await expect(page.getByText(/Questo non sembra un codice/)).toBeVisible();
	await expect(code).toHaveValue('ciao!');
	await expect(code).toHaveAttribute('aria-invalid', 'true');
	await shot('home-error');
});

test('an unknown code shows the not-found page, which offers to type the code again', async ({
	page,
	shot
}) => {
	await page.goto('/');
	await page.getByRole('textbox', { name: 'Inserisci il codice del laboratorio' }).fill('zzz 999');
	await page.getByRole('button', { name: 'Entra', exact: true }).click();
	await expect(page).toHaveURL(/\/j\/ZZZ999$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Codice non trovato');
	await expect(page.getByText(/nessun laboratorio con il codice ZZZ999/)).toBeVisible();
	await shot('unknown-code');
	await expectNoAxeViolations(page, 'resident 4');

	const retry = page.getByRole('textbox', { name: 'Riscrivi il codice' });
	await retry.fill('CASA42');
	await page.getByRole('button', { name: 'Entra', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
});

test('the waiting room is closed to visitors who have not joined, with the code field offered', async ({
	page,
	shot
}) => {
	const response = await page.goto('/room/00000000-0000-4000-8000-000000000000');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Non sei ancora in questo laboratorio'
	);
	await expect(
		page.getByRole('textbox', { name: 'Inserisci il codice del laboratorio' })
	).toBeVisible();
	await shot('room-forbidden');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a resident joins with plain forms, and a bad nickname is explained', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('textbox', { name: 'Inserisci il codice del laboratorio' }).fill('Casa42');
		await page.getByRole('button', { name: 'Entra', exact: true }).click();
		await expect(page).toHaveURL(/\/j\/CASA42$/);

		const field = page.getByRole('textbox', { name: 'Scegli un soprannome' });
		await field.fill('<img src=x onerror=alert(1)>\u202e');
		await page.getByRole('button', { name: 'Entra nel laboratorio' }).click();
		await expect(page.getByText(/contiene caratteri non ammessi/)).toBeVisible();

		await field.fill('<b>Anna</b>');
		await page.getByRole('button', { name: 'Entra nel laboratorio' }).click();
		await expect(page).toHaveURL(/\/room\//);
		// Markup in a nickname is text, never HTML.
		await expect(page.locator('.chosen')).toHaveText('Hai scelto il soprannome <b>Anna</b>');
	});
});
