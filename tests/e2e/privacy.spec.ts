import fs from 'node:fs';
import { connect } from '../helpers/collab';
import { expect, switchLanguage, test } from './fixtures';
import { expectNoAxeViolations } from './a11y';

/**
 * Privacy on the resident's phone: "Scarica i miei dati" hands over a JSON file with their note,
 * and "Cancella i miei contributi" — behind a disclosure that says what goes and a box to tick —
 * removes the note from the board other phones are watching and signs the phone out. The privacy
 * page says what is kept, in Italian and English.
 */

const NOTE = 'Una sala studio aperta la domenica (e2e privacy)';

test('a resident downloads their data and erases their note from their phone', async ({
	page,
	request,
	baseURL,
	shot
}) => {
	test.skip(test.info().project.name !== 'phone', 'the resident’s phone, at 360 × 740');
	// The resident joins the demo workshop and writes on its open board (as the room page does).
	const joined = await page.request.post('/api/workshops/CASA42/join', {
		data: { name: 'Privata' }
	});
	expect(joined.status()).toBe(200);
	const { workshopId, participantId } = (await joined.json()) as {
		workshopId: string;
		participantId: string;
	};
	const details = await page.request.get(`/api/workshops/${workshopId}`);
	const { activities } = (await details.json()) as {
		activities: { boardId: string; phase: string }[];
	};
	const boardId = activities.find((a) => a.phase === 'open')!.boardId;
	const cookie = (await page.context().cookies()).find((c) => c.name === 'piazza_session')!.value;
	const phone = await connect(baseURL!, `board:${boardId}`, cookie);
	const key = `${participantId}:e2eprivacy01`;
	phone.doc.getMap('notes').set(key, {
		authorId: participantId,
		authorName: 'Privata',
		text: NOTE,
		section: null,
		colour: 'yellow',
		createdAt: Date.now()
	});
	// Someone else in the room, watching the same board.
	// (The `request` fixture keeps cookies of its own: the phone's session is not touched.)
	const other = await request.post('/api/workshops/CASA42/join', { data: { name: 'Vicina' } });
	const otherCookie = /piazza_session=([^;]+)/.exec(other.headers()['set-cookie'] ?? '')![1]!;
	const neighbour = await connect(baseURL!, `board:${boardId}`, otherCookie);
	try {
		await expect.poll(() => neighbour.doc.getMap('notes').has(key)).toBe(true);

		await page.goto('/le-mie-idee');
		const card = page.getByRole('region', { name: 'I tuoi dati' });
		await card.scrollIntoViewIfNeeded();
		await shot('privacy-my-data');

		const downloading = page.waitForEvent('download');
		await card.getByRole('link', { name: 'Scarica i miei dati' }).click();
		const download = await downloading;
		expect(download.suggestedFilename()).toMatch(/^piazza-i-miei-dati-\d{4}-\d{2}-\d{2}\.json$/);
		const file = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as {
			participations: { nickname: string; notes: { text: string }[] }[];
		};
		const mine = file.participations.find((p) => p.nickname === 'Privata')!;
		expect(mine.notes.map((n) => n.text)).toEqual([NOTE]);

		// The erasure says what goes before its button shows, and wants the box ticked.
		await card.getByText('Cancella i miei contributi', { exact: true }).click();
		await expect(card.getByText('le tue note spariscono dalle bacheche')).toBeVisible();
		await expect(card.getByText('Non si può tornare indietro.')).toBeVisible();
		await expectNoAxeViolations(page, 'privacy 1');
		await shot('privacy-erase-confirm');
		const submit = card.getByRole('button', { name: 'Cancella definitivamente' });
		await submit.click();
		// Unticked, the browser keeps the form: nothing was sent, the note is still there.
		await expect(page).toHaveURL(/\/le-mie-idee$/);
		expect(neighbour.doc.getMap('notes').has(key)).toBe(true);

		await card.getByRole('checkbox', { name: 'Ho capito: cancella i miei contributi' }).check();
		await submit.click();
		await expect(
			page.getByText('Fatto: i tuoi contributi sono stati cancellati e questo telefono è uscito')
		).toBeVisible();
		await expect.poll(() => neighbour.doc.getMap('notes').has(key)).toBe(false);
		// Signed out: the page now offers to join a workshop instead.
		await expect(
			page.getByRole('heading', {
				name: 'Le tue idee si vedono dal telefono con cui hai partecipato'
			})
		).toBeVisible();
		await shot('privacy-erased');
	} finally {
		phone.destroy();
		neighbour.destroy();
	}
});

test('the privacy page says what is kept, in Italian and English, linked from every footer', async ({
	page,
	shot
}) => {
	await page.goto('/j/CASA42');
	await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy: cosa teniamo' }).click();
	await expect(page).toHaveURL(/\/privacy$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy');
	await expect(page.getByRole('heading', { name: 'Cosa teniamo' })).toBeVisible();
	await expect(page.getByText('Questo telefono ti riconosce per 30 giorni')).toBeVisible();
	await expect(page.getByText(/^365 giorni dopo il tuo ultimo laboratorio/)).toBeVisible();
	await expectNoAxeViolations(page, 'privacy 2');
	await shot('privacy-page');
	await switchLanguage(page);
	await expect(page.getByRole('heading', { name: 'What we keep' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Go to “My ideas”' })).toHaveAttribute(
		'href',
		'/le-mie-idee'
	);
	await shot('privacy-page-en');
});

test('an admin finds a participant by code and nickname to act on their request', async ({
	page,
	request,
	shot
}) => {
	// One name per project: both run against the same server.
	const name = `Richiedente ${test.info().project.name}`;
	const joined = await request.post('/api/workshops/CASA42/join', { data: { name } });
	expect(joined.status()).toBe(200);
	await page.goto('/staff/sign-in');
	await page.getByLabel('Email').fill('admin@example.org');
	await page.getByLabel('Password').fill('piazza-demo');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page).toHaveURL(/\/staff/);
	await page.goto('/staff/admin/privacy');
	await page.getByRole('textbox', { name: 'Codice del laboratorio' }).fill('casa42');
	await page.getByRole('textbox', { name: 'Soprannome' }).fill(name.toLowerCase());
	await page.getByRole('button', { name: 'Cerca' }).click();
	const found = page.locator('[data-participant]').filter({ hasText: name });
	await expect(found).toHaveCount(1);
	await expect(found.getByRole('link', { name: 'Scarica i dati' })).toBeVisible();
	await expect(found.getByRole('button', { name: 'Cancella i contributi' })).toBeVisible();
	await expectNoAxeViolations(page, 'privacy 3');
	await shot('privacy-admin');
});
