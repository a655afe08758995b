import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expect, test } from './fixtures';
import { expectNoAxeViolations } from './a11y';

/**
 * Issue 7, on the demo data set's year of history: a manager reads the branch × service heatmap
 * and participation per branch, opens a cell into the ranking, and prints a workshop's report —
 * Chromium prints it to PDF here, and the test reads the PDF's pages (their text, and page one
 * drawn to an image to look at).
 */

const VOTED = 'Biblioteche di condominio nelle case ALER di Niguarda';

async function signInManager(page: Page) {
	await page.goto('/staff/sign-in');
	await page.getByLabel('Email').fill('responsabile@example.org');
	await page.getByLabel('Password').fill('piazza-demo');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page).toHaveURL(/\/staff$/);
}

const overflow = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('a manager reads branches and services, and opens a cell into the ranking', async ({
	page,
	shot,
	isMobile
}) => {
	await signInManager(page);
	await page.goto('/staff/review');
	await page.getByRole('link', { name: 'Biblioteche e servizi' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Biblioteche e servizi');
	const heatmap = page.getByTestId('heatmap');
	await expect(heatmap).toBeVisible();
	await expect(page.getByTestId('participation-row').first()).toBeVisible();
	// The chart (LayerChart) names every municipio of the table and draws bars for the people.
	const chart = page.getByTestId('reach-chart');
	await expect(chart.locator('svg').first()).toBeVisible();
	const municipi = await page.getByTestId('participation').locator('tr.group th').allTextContents();
	expect(municipi.length).toBeGreaterThan(1);
	for (const name of municipi)
		await expect(
			chart.locator('svg text').filter({ hasText: new RegExp(`^${name}$`) })
		).toHaveCount(1);
	expect(await chart.locator('svg rect, svg path').count()).toBeGreaterThan(municipi.length);
	await expect(chart.getByRole('img')).toHaveAccessibleName(
		/Grafico a barre delle persone raggiunte/
	);
	expect(await overflow(page)).toBeLessThanOrEqual(0);
	await expectNoAxeViolations(page, 'reports 1');
	await shot('places');
	if (isMobile) return;

	// Municipio 9: the heatmap and the participation table keep to its branches.
	await page.getByTestId('places-filters').getByLabel('Municipio').selectOption('9');
	await page.getByRole('button', { name: 'Aggiorna' }).click();
	await expect(page).toHaveURL(/municipio=9/);
	await expect(heatmap.getByRole('rowheader', { name: 'Biblioteca Zara' })).toHaveCount(0);
	await expect(heatmap.getByRole('rowheader', { name: 'Biblioteca Niguarda' })).toBeVisible();
	await shot('places-m9');

	const cell = heatmap
		.getByTestId('heatmap-row')
		.filter({ has: page.getByRole('rowheader', { name: 'Biblioteca Niguarda' }) })
		.getByRole('link', { name: /Biblioteche di condominio/ });
	await cell.click();
	await expect(page).toHaveURL(/\/staff\/review\?/);
	await expect(page).toHaveURL(/service=biblioteche-condominio/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Classifica delle proposte');
	await expect(
		page.getByTestId('review-row').locator('a.title').filter({ hasText: VOTED })
	).toBeVisible();
});

test('a workshop’s report prints to a PDF that holds the workshop', async ({
	page,
	shot,
	isMobile
}, testInfo) => {
	await signInManager(page);
	const listed = await page.request.get(
		`/api/proposals?q=${encodeURIComponent('ALER di Niguarda')}`
	);
	expect(listed.status()).toBe(200);
	const { proposals } = (await listed.json()) as {
		proposals: { title: string; workshop: { id: string; title: string } | null }[];
	};
	const workshop = proposals.find((p) => p.title === VOTED)!.workshop!;
	await page.goto(`/staff/workshops/${workshop.id}`);
	await page.getByRole('link', { name: 'Resoconto stampabile' }).click();
	await expect(page).toHaveURL(/\/report$/);
	const report = page.getByTestId('workshop-report');
	await expect(report.getByRole('heading', { level: 1 })).toHaveText(workshop.title);
	await expect(report.getByRole('heading', { name: 'Risultati del voto' })).toBeVisible();
	await expect(report.getByText(VOTED).first()).toBeVisible();
	expect(await overflow(page)).toBeLessThanOrEqual(0);
	await expectNoAxeViolations(page, 'reports 2');
	await shot('workshop-report');
	if (isMobile) return;

	// Chromium's own print to PDF, with the print style sheet.
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
	const pages: string[] = [];
	for (let n = 1; n <= document.numPages; n++) {
		const content = await (await document.getPage(n)).getTextContent();
		pages.push(
			content.items
				.map((item) => ('str' in item ? item.str : ''))
				.join(' ')
				.replace(/\s+/g, ' ')
		);
	}
	// A cover page with the facts and the agenda, then a page per board with notes, then results.
	expect(pages.length).toBeGreaterThanOrEqual(2);
	expect(pages[0]).toContain('RESOCONTO DEL LABORATORIO');
	expect(pages[0]).toContain('Programma');
	const all = pages.join('\n');
	expect(all).toContain('Risultati del voto');
	expect(all).toContain('Proposte nate dal laboratorio');
	expect(all).toContain(VOTED.slice(0, 30));
	// The screen's toolbar is not printed.
	expect(all).not.toContain('Torna al laboratorio');
	expect(all).not.toContain('Stampa o salva in PDF');

	// Page one drawn to an image, to look at.
	const first = await document.getPage(1);
	const viewport = first.getViewport({ scale: 1.25 });
	// pdf.js draws on @napi-rs/canvas in Node; its factory is typed loosely.
	const factory = document.canvasFactory as {
		create(w: number, h: number): { canvas: { toBuffer(type: string): Buffer }; context: unknown };
	};
	const { canvas, context } = factory.create(viewport.width, viewport.height);
	await first.render({
		canvasContext: context as CanvasRenderingContext2D,
		viewport,
		canvas: canvas as unknown as HTMLCanvasElement
	}).promise;
	const out = path.join('test-results/screens', `workshop-report-pdf-${testInfo.project.name}.png`);
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, canvas.toBuffer('image/png'));
});

test('a filtered ranking prints as a meeting pack', async ({ page, shot, isMobile }) => {
	test.skip(isMobile, 'printing is a desktop task; the page itself is checked on the phone above');
	await signInManager(page);
	await page.goto('/staff/review?municipio=9&service=biblioteche-condominio');
	await page.getByRole('link', { name: 'Stampa la selezione' }).click();
	await expect(page).toHaveURL(/\/staff\/review-print\?.*municipio=9/);
	const sheet = page.getByTestId('review-print');
	await expect(sheet.getByRole('heading', { level: 2 })).toHaveText([
		VOTED,
		'Uno scaffale di condominio in via Livigno'
	]);
	await expectNoAxeViolations(page, 'reports 3');
	await shot('review-print');

	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
	const first = await (await document.getPage(1)).getTextContent();
	const text = first.items
		.map((item) => ('str' in item ? item.str : ''))
		.join(' ')
		.replace(/\s+/g, ' ');
	expect(text).toContain('Proposte in ordine di priorità');
	expect(text).toContain('2 di 2 proposte');
	expect(text).toContain(VOTED.slice(0, 30));
	expect(text).not.toContain('Torna alla classifica');
});
