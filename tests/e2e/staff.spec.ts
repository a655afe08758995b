import type { Locator, Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expectNoAxeViolations } from './a11y';
import { expect, test } from './fixtures';

const PASSWORD = 'piazza-demo';

async function signIn(page: Page, email: string, password = PASSWORD) {
	await page.goto('/staff/sign-in');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Accedi' }).click();
}

/** Reads a QR code the way a phone camera would: from the pixels on screen. */
async function readQr(element: Locator): Promise<string | null> {
	const png = PNG.sync.read(await element.screenshot());
	return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

test('a wrong password shows a clear error and keeps the email', async ({ page, shot }) => {
	await page.goto('/staff/sign-in');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accedi a Piazza');
	await shot('sign-in');
	await page.getByLabel('Email').fill('facilitatore@example.org');
	await page.getByLabel('Password').fill('not-the-password');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page.getByRole('alert')).toHaveText('Email o password non corretti.');
	await expect(page.getByLabel('Email')).toHaveValue('facilitatore@example.org');
	await expect(page.getByLabel('Password')).toHaveValue('');
	await shot('sign-in-error');
});

test('the facilitator creates a workshop whose QR opens exactly its join link', async ({
	page,
	baseURL,
	shot
}) => {
	await signIn(page, 'facilitatore@example.org');
	await expect(page).toHaveURL(/\/staff$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Percorsi e laboratori');
	await expect(page.getByText('Marco Bassi')).toBeVisible();
	await shot('dashboard');

	await page.getByRole('link', { name: 'Nuovo laboratorio' }).click();
	await page.getByLabel('Percorso').selectOption({ label: 'La biblioteca che vorrei — Dergano' });
	await page.getByLabel('Titolo').fill('Laboratorio di prova — spazi per lo studio');
	await page.getByLabel('Data e ora').fill('2026-12-03T17:30');
	await page
		.getByLabel('Biblioteca', { exact: true })
		.selectOption({ label: 'Biblioteca Dergano' });
	await expect(page.getByRole('radio', { name: 'In una biblioteca' })).toBeChecked();
	// The creator runs the workshop unless they choose otherwise.
	await expect(page.getByRole('checkbox', { name: /Marco Bassi/ })).toBeChecked();
	await page
		.getByLabel('Messaggio di benvenuto')
		.fill('Benvenuti! Oggi ripensiamo insieme le sale studio.');
	await shot('workshop-form');
	await page.getByRole('button', { name: 'Crea il laboratorio' }).click();

	await expect(page).toHaveURL(/\/staff\/workshops\/[0-9a-f-]{36}\?created=1$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Laboratorio di prova — spazi per lo studio'
	);
	await expect(page.getByText('In preparazione', { exact: true })).toBeVisible();
	await expect(page.getByText(/3 dicembre 2026.*17:30/)).toBeVisible();
	const code = (await page.getByTestId('join-code').textContent())!.trim();
	expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
	await shot('workshop');

	const qr = page.locator('#join-qr');
	await qr.scrollIntoViewIfNeeded();
	expect(await readQr(qr)).toBe(`${baseURL}/j/${code}`);

	await page.getByRole('button', { name: 'Avvia il laboratorio' }).click();
	await expect(page.getByText('In corso', { exact: true })).toBeVisible();

	await page.getByRole('link', { name: 'Mostra sul proiettore' }).click();
	await expect(page).toHaveURL(/\/screen\/[0-9a-f-]{36}$/);
	await expect(page.getByText(code, { exact: true })).toBeVisible();
	await expect(page.getByRole('button')).toHaveCount(0);
	expect(await readQr(page.locator('#screen-qr'))).toBe(`${baseURL}/j/${code}`);
	await shot('screen');
});

test('an admin adds a branch and a service', async ({ page, shot }, testInfo) => {
	const suffix = testInfo.project.name;
	await signIn(page, 'admin@example.org');
	await page.getByRole('link', { name: 'Amministrazione' }).click();
	await expect(page).toHaveURL(/\/staff\/admin\/users$/);
	await expect(page.getByRole('cell', { name: 'Giulia Ferri', exact: true })).toBeVisible();
	await shot('admin-users');

	await page.getByRole('link', { name: 'Biblioteche' }).click();
	await page.getByRole('link', { name: 'Nuova biblioteca' }).click();
	await page.getByLabel('Nome', { exact: true }).fill(`Biblioteca Villapizzone ${suffix}`);
	await page.getByLabel('Tipo').selectOption({ label: 'Biblioteca di quartiere' });
	await page.getByLabel('Municipio').selectOption({ label: 'Municipio 8' });
	await page.getByLabel('Identificativo').fill(`villapizzone-${suffix}`);
	await page.getByRole('button', { name: 'Aggiungi la biblioteca' }).click();
	await expect(page.getByText('Biblioteca aggiunta.')).toBeVisible();
	await expect(
		page.getByRole('rowheader', { name: `Biblioteca Villapizzone ${suffix}`, exact: true })
	).toBeVisible();
	await shot('admin-branches');

	await page.getByRole('link', { name: 'Servizi' }).click();
	await page.getByRole('link', { name: 'Nuovo servizio' }).click();
	await page.getByLabel('Nome in italiano').fill(`Podcast di quartiere ${suffix}`);
	await page.getByLabel('Nome in inglese').fill(`Neighbourhood podcasts ${suffix}`);
	await page.getByLabel('Identificativo').fill(`podcast-${suffix}`);
	await page.getByRole('button', { name: 'Aggiungi il servizio' }).click();
	await expect(page.getByText('Servizio aggiunto.')).toBeVisible();
	await expect(
		page.getByRole('cell', { name: `Podcast di quartiere ${suffix}`, exact: true })
	).toBeVisible();
	await shot('admin-services');
});

test('a non-admin never sees the admin section', async ({ page }) => {
	await signIn(page, 'responsabile@example.org');
	await expect(page).toHaveURL(/\/staff$/);
	await expect(page.getByRole('link', { name: 'Amministrazione' })).toHaveCount(0);
	const response = await page.goto('/staff/admin/users');
	expect(response?.status()).toBe(403);
});

test('the staff pages have no accessibility violations', async ({ page }) => {
	const check = () => expectNoAxeViolations(page, 'staff page');
	await page.goto('/staff/sign-in');
	await check();
	await signIn(page, 'admin@example.org');
	await expect(page).toHaveURL(/\/staff$/);
	await check();
	for (const path of [
		'/staff/processes/new',
		'/staff/workshops/new',
		'/staff/admin/users',
		'/staff/admin/branches',
		'/staff/admin/services/new'
	]) {
		await page.goto(path);
		await check();
	}
	await page.goto('/staff');
	await page.getByRole('link', { name: /serata di quartiere/ }).click();
	await expect(page.getByTestId('join-code')).toHaveText('CASA42');
	await check();
	await page.getByRole('link', { name: 'Mostra sul proiettore' }).click();
	await expect(page).toHaveURL(/\/screen\//);
	await check();
});
