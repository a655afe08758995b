import fs from 'node:fs';
import { request, type Page } from '@playwright/test';
import { connect } from '../helpers/collab';
import { startDemoBoard, workshopIdOf } from './demo-live';
import { expect, test } from './fixtures';

/**
 * A phone set to Spanish, Arabic or Chinese joins the demo workshop, writes a note, finds the
 * proposal born from it on "My ideas" and on its public page, all in its language (Arabic right
 * to left), then switches language in one tap and keeps it. Screenshots of every page:
 * test-results/screens/languages-<lang>-<page>-phone.png.
 */

/** A message of the catalogue, as the page should show it (texts are read, not copied here). */
function message(lang: string, file: string, key: string, values: Record<string, string> = {}) {
	const catalogue = JSON.parse(fs.readFileSync(`messages/${lang}/${file}.json`, 'utf8'));
	const text = catalogue[key] as string;
	return text.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function screen(page: Page, name: string) {
	await page.screenshot({
		path: `test-results/screens/languages-${name}-phone.png`,
		fullPage: true
	});
}

async function expectLanguage(page: Page, lang: string, dir: 'ltr' | 'rtl') {
	await expect(page.locator('html')).toHaveAttribute('lang', lang);
	await expect(page.locator('html')).toHaveAttribute('dir', dir);
}

async function expectNoSidewaysScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

const PHONES = [
	{
		acceptLanguage: 'es-ES',
		lang: 'es',
		dir: 'ltr',
		note: 'Una sala de estudio abierta por la noche'
	},
	{ acceptLanguage: 'ar-EG', lang: 'ar', dir: 'rtl', note: 'قاعة دراسة مفتوحة في المساء' },
	{ acceptLanguage: 'zh-CN', lang: 'zh', dir: 'ltr', note: '晚上开放的自习室' }
] as const;

for (const phone of PHONES) {
	test(`a phone in ${phone.acceptLanguage} takes part in its language and keeps a switch`, async ({
		browser,
		baseURL
	}) => {
		test.skip(test.info().project.name !== 'phone', 'the resident’s phone, at 360 × 740');
		test.setTimeout(120_000);
		const { lang, dir } = phone;
		const t = (file: string, key: string, values?: Record<string, string>) =>
			message(lang, file, key, values);

		const context = await browser.newContext({
			baseURL,
			locale: phone.acceptLanguage,
			viewport: { width: 360, height: 740 },
			isMobile: true,
			hasTouch: true,
			deviceScaleFactor: 2
		});
		const page = await context.newPage();

		// First visit: the browser's language, with no choice made yet.
		await page.goto('/j/CASA42');
		await expectLanguage(page, lang, dir);
		const nickname = page.getByRole('textbox', { name: t('resident', 'resident_name_label') });
		await expect(nickname).toBeVisible();
		await expectNoSidewaysScroll(page);
		await screen(page, `${lang}-join`);

		await nickname.fill(`Lucía ${lang}`);
		await page.getByRole('button', { name: t('resident', 'resident_join_submit') }).click();
		await expect(page).toHaveURL(/\/room\/[0-9a-f-]{36}$/);
		const workshopId = workshopIdOf(page.url());
		await startDemoBoard(baseURL!, workshopId);

		// The demo's empathy map opens on its first section; the note goes out live.
		const [before] = t('board', 'board_composer_in_section').split('{section}');
		await page.getByRole('textbox', { name: new RegExp(`^${escape(before!)}`) }).fill(phone.note);
		await page.getByRole('button', { name: t('resident', 'resident_board_post') }).click();
		await expect(
			page.getByRole('button', { name: t('board', 'board_edit_note_label', { text: phone.note }) })
		).toBeVisible();
		await expect(page.getByText(t('common', 'live_status_synced'))).toBeVisible();
		await expectLanguage(page, lang, dir);
		await expectNoSidewaysScroll(page);
		await screen(page, `${lang}-board`);

		// Staff make the note a proposal (through the API, as in my-ideas.spec.ts).
		const proposalId = await promote(baseURL!, workshopId, phone.note);

		await page
			.getByRole('link', { name: t('ideas', 'ideas_link') })
			.first()
			.click();
		await expect(page).toHaveURL(/\/le-mie-idee$/);
		await expectLanguage(page, lang, dir);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			t('ideas', 'ideas_page_title')
		);
		const idea = page.locator(`[data-proposal="${proposalId}"]`);
		await expect(
			idea.getByText(t('proposals', 'proposal_stage_proposed'), { exact: true })
		).toBeVisible();
		await expectNoSidewaysScroll(page);
		await screen(page, `${lang}-my-ideas`);

		await idea.getByRole('link').first().click();
		await expect(page).toHaveURL(`/p/${proposalId}`);
		await expectLanguage(page, lang, dir);
		await expect(
			page.getByText(
				t('public', 'public_proposal_stage_now', {
					stage: t('proposals', 'proposal_stage_proposed')
				})
			)
		).toBeVisible();
		await expect(page.getByText(phone.note).first()).toBeVisible();
		await expectNoSidewaysScroll(page);
		await screen(page, `${lang}-proposal`);

		// One tap opens the five languages, each in itself; one more chooses, and the choice stays.
		await page.locator('details.language summary').click();
		const choices = page.locator('form[action="/language"] button');
		await expect(choices).toHaveText(['Italiano', 'English', 'Español', 'العربية', '中文']);
		await expect(choices.nth(3)).toHaveAttribute('lang', 'ar');
		for (const box of await Promise.all((await choices.all()).map((c) => c.boundingBox()))) {
			expect(box!.height).toBeGreaterThanOrEqual(44);
		}
		await expect(
			page.locator(`form[action="/language"] button[aria-current="true"]`)
		).toHaveAttribute('value', lang);
		await screen(page, `${lang}-switch`);
		const other = lang === 'es' ? 'ar' : 'es';
		await page.locator(`form[action="/language"] button[value="${other}"]`).click();
		await expect(page).toHaveURL(`/p/${proposalId}`);
		await expectLanguage(page, other, other === 'ar' ? 'rtl' : 'ltr');
		await page.goto('/le-mie-idee');
		await expectLanguage(page, other, other === 'ar' ? 'rtl' : 'ltr');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			message(other, 'ideas', 'ideas_page_title')
		);
		await context.close();
	});
}

test('a staff page speaks English to someone who chose Chinese, and offers two languages', async ({
	browser,
	baseURL
}) => {
	test.skip(test.info().project.name !== 'phone', 'one phone is enough');
	const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
	const page = await context.newPage();
	await page.goto('/');
	await expectLanguage(page, 'zh', 'ltr');
	// The home page links staff to their sign-in: crossing over reloads it in English.
	await page
		.getByRole('link', { name: message('zh', 'resident', 'resident_home_staff_link') })
		.click();
	await expect(page).toHaveURL('/staff/sign-in');
	await expectLanguage(page, 'en', 'ltr');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Piazza');
	await page.locator('details.language summary').click();
	await expect(page.locator('form[action="/language"] button')).toHaveText(['Italiano', 'English']);
	// The person's own choice is untouched: back on a resident page, Chinese again.
	await page.goto('/');
	await expectLanguage(page, 'zh', 'ltr');
	await context.close();
});

/** The facilitator promotes the resident's note to a proposal; returns its id. */
async function promote(baseURL: string, workshopId: string, text: string): Promise<string> {
	const staff = await request.newContext({ baseURL });
	const signIn = await staff.post('/api/auth/sign-in', {
		data: { email: 'facilitatore@example.org', password: 'piazza-demo' }
	});
	expect(signIn.status()).toBe(200);
	const details = await staff.get(`/api/workshops/${workshopId}`);
	const { activities } = (await details.json()) as {
		activities: { kind: string; boardId: string }[];
	};
	const boardId = activities.find((a) => a.kind === 'empathy-map')!.boardId;
	const cookie = (await staff.storageState()).cookies.find(
		(c) => c.name === 'piazza_session'
	)!.value;
	const board = await connect(baseURL, `board:${boardId}`, cookie);
	let noteId = '';
	for (const [key, note] of board.doc.getMap<{ text: string }>('notes'))
		if (note.text === text) noteId = key;
	board.destroy();
	expect(noteId).not.toBe('');
	const promoted = await staff.post('/api/proposals', {
		data: {
			title: text,
			problem: text,
			source: { boardId, noteIds: [noteId] },
			branchIds: [],
			serviceSlugs: ['smart-locker']
		}
	});
	expect(promoted.status(), await promoted.text()).toBe(201);
	const { id } = (await promoted.json()) as { id: string };
	await staff.dispose();
	return id;
}
