import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The facilitator builds a new workshop's agenda from a template on the staff page, then renames
 * and moves activities — each step a plain form post, so it works without JavaScript too.
 */

async function signIn(page: Page) {
	await page.goto('/staff/sign-in');
	await page.getByLabel('Email').fill('facilitatore@example.org');
	await page.getByLabel('Password').fill('piazza-demo');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page).toHaveURL(/\/staff$/);
}

test('the facilitator builds an agenda from a template, renames and moves a step', async ({
	page,
	shot
}) => {
	await signIn(page);
	// A fresh workshop: the demo one already has its agenda.
	await page.getByRole('link', { name: 'Nuovo laboratorio' }).click();
	await page.getByLabel('Percorso').selectOption({ label: 'La biblioteca che vorrei — Dergano' });
	await page.getByLabel('Titolo').fill('Laboratorio con programma');
	await page
		.getByLabel('Biblioteca', { exact: true })
		.selectOption({ label: 'Biblioteca Dergano' });
	await page.getByRole('button', { name: 'Crea il laboratorio' }).click();
	await expect(page).toHaveURL(/\/staff\/workshops\/[0-9a-f-]{36}\?created=1$/);

	const agenda = page.locator('#agenda');
	await expect(agenda.getByText('Il programma è vuoto.', { exact: false })).toBeVisible();
	await agenda.scrollIntoViewIfNeeded();
	await shot('agenda-templates');

	await agenda
		.getByRole('button', { name: 'Usa questo modello: Design thinking per le biblioteche' })
		.click();
	const steps = page.getByTestId('activity');
	await expect(steps).toHaveCount(4);
	await expect(steps.locator('.activity-title')).toHaveText([
		'Mappa dell’empatia',
		'Muro delle idee',
		'Raggruppiamo le idee',
		'Voto a punti'
	]);
	await page.locator('#agenda').scrollIntoViewIfNeeded();
	await shot('agenda-applied');

	// Rename the empathy map.
	await steps.nth(0).getByText('Rinomina').click();
	await steps
		.nth(0)
		.getByLabel('Nuovo titolo di «Mappa dell’empatia»')
		.fill('Chi viene in sala studio');
	await shot('agenda-rename');
	await steps.nth(0).getByRole('button', { name: 'Salva il titolo' }).click();
	await expect(steps.nth(0).locator('.activity-title')).toHaveText('Chi viene in sala studio');

	// The clustering may move after the dot vote: both work on the idea wall.
	await steps.nth(2).getByRole('button', { name: 'Sposta giù «Raggruppiamo le idee»' }).click();
	await expect(page.getByTestId('activity').locator('.activity-title')).toHaveText([
		'Chi viene in sala studio',
		'Muro delle idee',
		'Voto a punti',
		'Raggruppiamo le idee'
	]);

	// Moving the idea wall below what works on its board is refused, next to the activity.
	await page
		.getByTestId('activity')
		.nth(1)
		.getByRole('button', { name: 'Sposta giù «Muro delle idee»' })
		.click();
	await expect(page.getByTestId('activity').nth(1).getByRole('alert')).toBeVisible();
	await page.locator('#agenda').scrollIntoViewIfNeeded();
	await shot('agenda-edited');
});
