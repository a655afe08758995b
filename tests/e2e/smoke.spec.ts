import { expect, test } from './fixtures';

test('the home page answers in Italian by default and switches to English', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'it');
	await page.locator('details.language summary').click();
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
