import AxeBuilder from '@axe-core/playwright';
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
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);

	await switchLanguage(page);
	await expect(page.getByText('What happened to our ideas')).toBeVisible();
	await shot('outcomes-en');
});
