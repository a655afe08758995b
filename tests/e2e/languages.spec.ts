import fs from 'node:fs';
import { request, type Page } from '@playwright/test';
import { connect } from '../helpers/collab';
import { startDemoBoard, workshopIdOf } from './demo-live';
import { expect, test } from './fixtures';
import { act, createWorkshop, facilitatorLaptop, joinOnPhone } from './live-workshop';

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

test('an empty board says once that it has no notes, and what to do in plain words', async ({
	browser,
	baseURL
}) => {
	test.skip(test.info().project.name !== 'phone', 'the resident’s phone, at 360 × 740');
	test.setTimeout(120_000);
	// A workshop of its own, so no other spec's notes land on its boards.
	const staff = await facilitatorLaptop(browser, baseURL!);
	const workshop = await createWorkshop(staff.page, 'Bacheca vuota in cinque lingue');
	const empathy = workshop.byKind('empathy-map');
	const ideas = workshop.byKind('idea-wall');
	const run = (action: object) => act(staff.context.request, workshop.id, action);
	await run({ type: 'board-phase', boardId: empathy.boardId, phase: 'open' });
	await run({ type: 'board-phase', boardId: ideas.boardId, phase: 'open' });
	await run({ type: 'goto', activityId: empathy.id });

	const italian = await joinOnPhone(browser, baseURL!, workshop.code, 'Ida');
	const english = await joinOnPhone(browser, baseURL!, workshop.code, 'Ed', 'en-GB');
	const arabic = await browser.newContext({
		baseURL,
		locale: 'ar-EG',
		viewport: { width: 360, height: 740 },
		isMobile: true,
		hasTouch: true,
		deviceScaleFactor: 2
	});
	const page = await arabic.newPage();
	await page.goto(`/j/${workshop.code}`);
	await page
		.getByRole('textbox', { name: message('ar', 'resident', 'resident_name_label') })
		.fill('ليلى');
	await page
		.getByRole('button', { name: message('ar', 'resident', 'resident_join_submit') })
		.click();
	await expect(page).toHaveURL(/\/room\/[0-9a-f-]{36}$/);
	await expectLanguage(page, 'ar', 'rtl');

	// What the resident is asked to do, in their words, where staff read "Mappa dell’empatia".
	for (const [phone, lang] of [
		[italian.page, 'it'],
		[english.page, 'en'],
		[page, 'ar']
	] as const) {
		const header = phone.locator(`[data-activity="${empathy.id}"] > header`);
		await expect(header).toContainText(message(lang, 'board', 'board_task_empathy_map'));
		await expect(header).not.toContainText(empathy.title);
	}
	// The agenda keeps the facilitator's names, as said in the room, and says each step plainly.
	await expect(page.locator('section.agenda li').first()).toContainText(
		message('ar', 'board', 'board_task_empathy_map')
	);
	await italian.page.screenshot({ path: 'test-results/screens/languages-it-board-task-phone.png' });
	await english.page.screenshot({ path: 'test-results/screens/languages-en-board-task-phone.png' });

	// The empathy map's first section is empty: «no notes» is said once, not as a count too (in
	// Arabic the count of none and the empty message both begin «لا توجد ملاحظات»).
	const panel = page.locator('#section-panel');
	const none = /لا توجد ملاحظات/;
	await expect(panel.getByText(message('ar', 'board', 'board_section_empty'))).toBeVisible();
	await expect(panel.getByText(none)).toHaveCount(1);
	await expect(panel.getByRole('heading')).toHaveCount(0);
	await expectNoSidewaysScroll(page);
	await screen(page, 'ar-board-empty');

	// A board without sections says the same once, in its own words.
	await run({ type: 'goto', activityId: ideas.id });
	const wall = page.locator(`[data-activity="${ideas.id}"]`);
	await expect(wall).toContainText(message('ar', 'board', 'board_task_idea_wall'));
	await expect(wall.getByText(message('ar', 'resident', 'resident_board_empty'))).toBeVisible();
	await expect(wall.getByText(none)).toHaveCount(1);
	await screen(page, 'ar-board-empty-wall');

	for (const context of [arabic, italian.context, english.context, staff.context])
		await context.close();
});

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
