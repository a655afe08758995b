import type { Page } from '@playwright/test';
import { workshopIdOf } from './demo-live';
import { expect, test } from './fixtures';

/**
 * Issue 8, privacy: no page of Piazza asks anything of a third party. Residents' phones, the
 * projector and the staff screens load every script, style, font, image and socket from Piazza's
 * own origin, so that joining a workshop tells nobody else that you did. The test records every
 * request and WebSocket each page makes while it loads and works, and the policy that forbids the
 * rest (a Content-Security-Policy with no 'unsafe-inline' script).
 */

function watch(page: Page, origin: string) {
	const elsewhere: string[] = [];
	const seen = new Set<string>();
	const check = (url: string) => {
		seen.add(url);
		const parsed = new URL(url);
		// data: and blob: URLs are made by the page itself.
		if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return;
		const own = parsed.protocol.startsWith('ws')
			? `${parsed.protocol === 'wss:' ? 'https:' : 'http:'}//${parsed.host}`
			: parsed.origin;
		if (own !== origin) elsewhere.push(url);
	};
	page.on('request', (request) => check(request.url()));
	page.on('websocket', (socket) => check(socket.url()));
	return { elsewhere, seen };
}

test('every page a resident, a facilitator and a manager opens loads from Piazza alone', async ({
	page,
	baseURL,
	isMobile
}) => {
	test.skip(!isMobile, 'the same pages once; the phone is where privacy matters most');
	test.setTimeout(120_000);
	const origin = new URL(baseURL!).origin;
	const { elsewhere, seen } = watch(page, origin);

	// A resident: home, join, the room with its live socket, their ideas, a public page.
	const home = await page.goto('/');
	const policy = home!.headers()['content-security-policy'] ?? '';
	expect(policy).toMatch(/script-src 'self'/);
	expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
	expect(policy).toMatch(/frame-ancestors 'none'/);
	await page.goto('/j/CASA42');
	await page.getByRole('textbox', { name: 'Scegli un soprannome' }).fill('Anonima');
	await page.getByRole('button', { name: 'Entra nel laboratorio' }).click();
	await expect(page).toHaveURL(/\/room\/[0-9a-f-]{36}$/);
	const workshopId = workshopIdOf(page.url());
	await expect(page.getByText(/Benvenute e benvenuti/)).toBeVisible();
	await page.goto('/le-mie-idee');
	await page.goto('/privacy');
	await page.goto(`/w/${workshopId}`);
	await page.waitForLoadState('networkidle');

	// Staff: the dashboard, the live room, the projector, the review with its chart.
	await page.goto('/staff/sign-in');
	await page.getByLabel('Email').fill('responsabile@example.org');
	await page.getByLabel('Password').fill('piazza-demo');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page).toHaveURL(/\/staff$/);
	for (const path of [
		`/staff/run/${workshopId}`,
		`/screen/${workshopId}`,
		'/staff/review',
		'/staff/review/board',
		'/staff/review/places'
	]) {
		await page.goto(path);
		await page.waitForLoadState('networkidle');
	}

	expect(elsewhere).toEqual([]);
	// The watch really watched: scripts, styles and the live socket went through it.
	const urls = [...seen];
	expect(urls.some((u) => u.endsWith('.js'))).toBe(true);
	expect(urls.some((u) => u.endsWith('.css'))).toBe(true);
	expect(urls.some((u) => u.startsWith('ws'))).toBe(true);
});
