import { expectNoAxeViolations } from './a11y';
import { expect, switchLanguage, test } from './fixtures';

test('anyone can read what became of a workshop, in Italian and English', async ({
	page,
	request,
	shot
}) => {
	// A resident joins through the API to learn the demo workshop's id, as a shared link would carry it.
	const joined = await request.post('/api/workshops/CASA42/join', { data: { name: 'Lettrice' } });
	const { workshopId } = (await joined.json()) as { workshopId: string };
	await page.context().clearCookies();

	await page.goto(`/w/${workshopId}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'La biblioteca che vorrei — serata di quartiere'
	);
	await expect(page.getByText('Cosa è successo alle nostre idee')).toBeVisible();
	await expect(page.getByText('CASA42')).toHaveCount(0);
	await shot('outcomes');
	await expectNoAxeViolations(page, 'public workshop page');

	await switchLanguage(page);
	await expect(page.getByText('What happened to our ideas')).toBeVisible();
	await shot('outcomes-en');
});
