import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations } from './a11y';

/**
 * The staff's security pages (issue 8): "My account" (change one's own password), and what admins
 * see of an account (end its sessions, set a new password) and of failed sign-ins. Nothing here
 * changes a demo account: other specs sign in with them at the same time.
 */

async function signIn(page: Page, email: string, password = 'piazza-demo') {
	await page.goto('/staff/sign-in');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page).toHaveURL(/\/staff$/);
}

test('staff open "My account" from their name and are told in place when the current password is wrong', async ({
	page,
	shot
}) => {
	await signIn(page, 'responsabile@example.org');
	await page.getByRole('link', { name: /Il mio account/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Il mio account');
	await expectNoAxeViolations(page, 'security 1');
	await shot('account');
	await page.getByLabel('Password attuale').fill('non è questa');
	await page.getByLabel('Nuova password').fill('una password nuova e lunga');
	await page.getByRole('button', { name: 'Cambia password' }).click();
	await expect(page.getByText('La password attuale non è corretta.')).toBeVisible();
	await shot('account-error');
});

test('admins see the latest failed sign-ins, and an account’s sessions and password controls', async ({
	page,
	shot
}, testInfo) => {
	const stranger = `sconosciuto-${testInfo.project.name}@example.org`;
	await page.goto('/staff/sign-in');
	await page.getByLabel('Email').fill(stranger);
	await page.getByLabel('Password').fill('tentativo sbagliato');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page.getByRole('alert')).toHaveText('Email o password non corretti.');

	await signIn(page, 'admin@example.org');
	await page.goto('/staff/admin/users');
	const audit = page.getByRole('region', { name: 'Accessi non riusciti' });
	await expect(audit.getByRole('row', { name: new RegExp(stranger) })).toContainText(
		'Credenziali errate'
	);
	await expect(audit).not.toContainText('tentativo sbagliato');
	await expectNoAxeViolations(page, 'security 2');
	await shot('admin-users-audit');

	await page.getByRole('link', { name: /Gestisci\s*: Marco Bassi/ }).click();
	await expect(page.getByRole('button', { name: 'Chiudi tutte le sessioni' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Imposta la password' })).toBeVisible();
	await expectNoAxeViolations(page, 'security 3');
	await shot('admin-user-security');
});
