import { expect, test } from './fixtures';
import { createWorkshop, signInFacilitator } from './live-workshop';

/**
 * "Saving paused" in the live room: the server says in /healthz when it cannot store edits
 * (tests/integration/disk-full.test.ts checks that side on a real database); here /healthz answers
 * as it does then, and the facilitator's screen must say so, and stop saying so once it recovers.
 */

test.skip(({ isMobile }) => isMobile, 'the live room is a laptop screen');

test('the live room says saving is paused while the server cannot store edits', async ({
	page,
	shot
}) => {
	test.setTimeout(120_000);
	let answer: { status: number; body: unknown } = {
		status: 503,
		body: {
			ok: false,
			db: 'pglite',
			reason: 'disk-full',
			collab: { queued: 12, failure: 'disk-full' }
		}
	};
	await page.route('**/healthz', (route) =>
		route.fulfill({
			status: answer.status,
			contentType: 'application/json',
			body: JSON.stringify(answer.body)
		})
	);
	await signInFacilitator(page);
	await createWorkshop(page, 'Laboratorio col disco pieno');
	await page.getByRole('link', { name: 'Conduci il laboratorio' }).click();
	await expect(page).toHaveURL(/\/staff\/run\/[0-9a-f-]{36}$/);

	const notice = page.getByRole('alert').filter({ hasText: 'Salvataggio in pausa' });
	await expect(notice).toContainText('Il disco del server è pieno');
	await shot('run-saving-paused');

	answer = { status: 200, body: { ok: true, db: 'pglite' } };
	await expect(notice).toBeHidden({ timeout: 15_000 });
});
