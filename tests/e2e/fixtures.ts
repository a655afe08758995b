import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/** The screenshots the README shows; `SCREENSHOTS=docs npm run test:e2e` refreshes them. */
const README_SHOTS = new Set([
	'home-phone',
	'room-phone',
	'join-error-en-phone',
	'dashboard-desktop',
	'workshop-desktop'
]);

/**
 * Playwright's `test`, pointed at the server the global setup started, plus `shot()` for the
 * screenshots we look at (test-results/screens/<name>-<project>.png).
 */
export const test = base.extend<{ shot: (name: string) => Promise<void> }>({
	// eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
	baseURL: async ({}, use) => {
		const url = process.env.PIAZZA_E2E_URL;
		if (!url) throw new Error('PIAZZA_E2E_URL is not set: run through `npm run test:e2e`.');
		await use(url);
	},
	shot: async ({ page }, use, testInfo) => {
		await use(async (name: string) => {
			const id = `${name}-${testInfo.project.name}`;
			await page.screenshot({
				path: path.join('test-results/screens', `${id}.png`),
				fullPage: true
			});
			if (process.env.SCREENSHOTS === 'docs' && README_SHOTS.has(id)) {
				await page.screenshot({ path: path.join('docs/screenshots', `${id}.png`) });
			}
		});
	}
});

export { expect };

/**
 * Switches the interface language with the visible switch, as a person would: one tap opens the
 * list, one chooses. Without `to`, Italian and English swap.
 */
export async function switchLanguage(page: Page, to?: string) {
	const current = await page.locator('html').getAttribute('lang');
	const target = to ?? (current === 'it' ? 'en' : 'it');
	await page.locator('details.language summary').click();
	await page.locator(`form[action="/language"] button[value="${target}"]`).click();
	await page.waitForLoadState('networkidle');
}
