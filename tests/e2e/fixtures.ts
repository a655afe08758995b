import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/**
 * Playwright's `test`, pointed at the server the global setup started, plus `shot()` for the
 * screenshots we look at (test-results/screens; `SCREENSHOTS=docs` also refreshes docs/screenshots).
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
			const file = `${name}-${testInfo.project.name}.png`;
			await page.screenshot({ path: path.join('test-results/screens', file), fullPage: true });
			if (process.env.SCREENSHOTS === 'docs') {
				await page.screenshot({ path: path.join('docs/screenshots', file), fullPage: false });
			}
		});
	}
});

export { expect };

/** Switches the interface language with the visible switch, as a person would. */
export async function switchLanguage(page: Page) {
	await page.locator('form[action="/language"] button').first().click();
	await page.waitForLoadState('networkidle');
}
