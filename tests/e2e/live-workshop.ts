import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import { connect } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import { expect } from './fixtures';

/**
 * What the live-workshop specs share: a facilitator who signs in and makes a workshop of their own
 * from the design-thinking template (the demo workshop is left to the other specs), the
 * facilitator's actions through the endpoint, and residents joining on their phones.
 */

export interface Activity {
	id: string;
	kind: string;
	title: string;
	boardId: string;
}

export const FACILITATOR = { email: 'facilitatore@example.org', password: 'piazza-demo' };

/** Signs the page in as the demo facilitator, through the sign-in form. */
export async function signInFacilitator(page: Page) {
	await page.goto('/staff/sign-in');
	await page.getByLabel('Email').fill(FACILITATOR.email);
	await page.getByLabel('Password').fill(FACILITATOR.password);
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page).toHaveURL(/\/staff$/);
}

/**
 * The facilitator's own laptop (1280 × 800, in Italian) beside the test's page, signed in: for
 * specs whose `page` is someone else's screen.
 */
export async function facilitatorLaptop(
	browser: Browser,
	baseURL: string
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({
		baseURL,
		locale: 'it-IT',
		viewport: { width: 1280, height: 800 }
	});
	const page = await context.newPage();
	await signInFacilitator(page);
	return { context, page };
}

/** The session cookie a browser context holds (after a sign-in or a join). */
export async function sessionCookie(context: BrowserContext): Promise<string> {
	const cookie = (await context.cookies()).find((c) => c.name === 'piazza_session');
	if (!cookie) throw new Error('This browser holds no session.');
	return cookie.value;
}

/**
 * A stock y-websocket client on `docName` (`board:<id>`, `control:<id>`) with the session of a
 * browser context: the same person as that browser, from a second screen. Synced when it resolves.
 */
export async function collabClient(
	context: BrowserContext,
	baseURL: string,
	docName: string
): Promise<Client> {
	return connect(baseURL, docName, await sessionCookie(context));
}

export interface NewWorkshop {
	id: string;
	code: string;
	activities: Activity[];
	/** The activity of this kind (the template has one of each). */
	byKind(kind: string): Activity;
}

/**
 * A new workshop in Dergano with the design-thinking agenda (empathy map → idea wall → clustering
 * → dot vote), made through the staff pages by a signed-in facilitator; started unless `start` is
 * false.
 */
export async function createWorkshop(
	page: Page,
	title: string,
	{ start = true }: { start?: boolean } = {}
): Promise<NewWorkshop> {
	await page.goto('/staff');
	await page.getByRole('link', { name: 'Nuovo laboratorio' }).first().click();
	await page.getByLabel('Percorso').selectOption({ label: 'La biblioteca che vorrei — Dergano' });
	await page.getByLabel('Titolo').fill(title);
	await page
		.getByLabel('Biblioteca', { exact: true })
		.selectOption({ label: 'Biblioteca Dergano' });
	await page.getByRole('button', { name: 'Crea il laboratorio' }).click();
	await expect(page).toHaveURL(/\/staff\/workshops\/[0-9a-f-]{36}\?created=1$/);
	const id = /workshops\/([0-9a-f-]{36})/.exec(page.url())![1]!;
	const code = (await page.getByTestId('join-code').textContent())!.trim();
	await page
		.locator('#agenda')
		.getByRole('button', { name: 'Usa questo modello: Design thinking per le biblioteche' })
		.click();
	await expect(page.getByTestId('activity')).toHaveCount(4);
	if (start) {
		await page.getByRole('button', { name: 'Avvia il laboratorio' }).click();
		await expect(page.getByText('In corso', { exact: true })).toBeVisible();
	}
	const response = await page.request.get(`/api/workshops/${id}`);
	expect(response.status()).toBe(200);
	const { activities } = (await response.json()) as { activities: Activity[] };
	return {
		id,
		code,
		activities,
		byKind: (kind) => {
			const activity = activities.find((a) => a.kind === kind);
			if (!activity) throw new Error(`The template has no ${kind}.`);
			return activity;
		}
	};
}

/** One facilitator action through the endpoint (DESIGN.md §4), which must accept it. */
export async function act(request: APIRequestContext, workshopId: string, action: object) {
	const response = await request.post(`/api/workshops/${workshopId}/actions`, { data: action });
	expect(response.status(), JSON.stringify(await response.json())).toBe(200);
}

export interface Phone {
	context: BrowserContext;
	page: Page;
}

/** A resident joining on their own phone (360 × 740) through the join page, in `locale`. */
export async function joinOnPhone(
	browser: Browser,
	baseURL: string,
	code: string,
	name: string,
	locale = 'it-IT'
): Promise<Phone> {
	const context = await browser.newContext({
		baseURL,
		locale,
		viewport: { width: 360, height: 740 },
		isMobile: true,
		hasTouch: true,
		deviceScaleFactor: 2
	});
	const page = await context.newPage();
	await page.goto(`/j/${code}`);
	const english = locale.startsWith('en');
	await page
		.getByRole('textbox', { name: english ? 'Choose a nickname' : 'Scegli un soprannome' })
		.fill(name);
	await page
		.getByRole('button', { name: english ? 'Join the workshop' : 'Entra nel laboratorio' })
		.click();
	await expect(page).toHaveURL(/\/room\/[0-9a-f-]{36}$/);
	return { context, page };
}
