import { startDemoBoard, workshopIdOf } from './demo-live';
import { expect, test } from './fixtures';
import { joinOnPhone } from './live-workshop';

/**
 * Issue 9: a 360 × 640 phone with the on-screen keyboard open. The app's viewport meta asks for
 * `interactive-widget=resizes-content`, so Chrome on Android shrinks the layout viewport by the
 * keyboard's height, which is what resizing the page's viewport does here: 640 px tall before,
 * 340 px once the composer has the focus (a keyboard of 300 px, typical of a phone that size).
 */
test('keeps the composer and its button in sight with the on-screen keyboard open', async ({
	browser,
	baseURL
}) => {
	test.skip(test.info().project.name !== 'phone', 'a phone’s on-screen keyboard');
	const { context, page } = await joinOnPhone(browser, baseURL!, 'CASA42', 'Tastiera');
	await startDemoBoard(baseURL!, workshopIdOf(page.url()));
	await page.setViewportSize({ width: 360, height: 640 });
	await expect(page.locator('meta[name="viewport"]')).toHaveAttribute(
		'content',
		/interactive-widget=resizes-content/
	);

	const composer = page.locator('form.composer');
	const text = composer.getByRole('textbox');
	const post = composer.getByRole('button', { name: 'Aggiungi la nota' });
	await text.tap();
	await expect(text).toBeFocused();
	// What is on screen as the keyboard starts to open (viewport screenshots: a full-page capture
	// after a viewport resize comes out blank in headless Chromium's mobile emulation).
	await page.screenshot({ path: 'test-results/screens/phone-keyboard-before.png' });
	await page.setViewportSize({ width: 360, height: 340 });

	// Both wholly on screen, the button too (the browser alone would only bring the caret into view).
	await expect(text).toBeInViewport({ ratio: 1 });
	await expect(post).toBeInViewport({ ratio: 1 });
	await expect(text).toBeFocused();
	await page.screenshot({ path: 'test-results/screens/phone-keyboard-open.png' });

	// And usable as it is: typing, then the button, without scrolling first.
	await page.keyboard.type('Una panchina all’ombra davanti alla biblioteca');
	await post.tap();
	await expect(
		page.getByRole('listitem').filter({ hasText: 'Una panchina all’ombra davanti alla biblioteca' })
	).toBeVisible();
	await expect(text).toHaveValue('');

	// The keyboard closes: the page is whole again, the new note in the list.
	await page.setViewportSize({ width: 360, height: 640 });
	await page.screenshot({ path: 'test-results/screens/phone-keyboard-closed.png' });
	await context.close();
});
