import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Response } from 'playwright-core';

/** One script or stylesheet a page loaded, by its path, and its size gzipped at level 9. */
export interface LoadedFile {
	file: string;
	kind: 'js' | 'css';
	raw: number;
	gzip: number;
}

/** What a page really fetched until it was ready: every script and stylesheet, inline ones too. */
export interface PageWeight {
	files: LoadedFile[];
	js: number;
	css: number;
}

export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
	});
}

const gzip = (body: Buffer | string) => gzipSync(body, { level: 9 }).length;

function kindOf(response: Response): 'js' | 'css' | null {
	const type = response.headers()['content-type'] ?? '';
	if (/javascript/.test(type)) return 'js';
	if (/text\/css/.test(type)) return 'css';
	return null;
}

/**
 * Opens `pathname` in a fresh page of `context` and records every JavaScript and CSS response
 * from the first byte until `ready` resolves and the network has been quiet: lazily imported
 * chunks the page asks for at start (Yjs for a board) are counted, because they are in the
 * browser's network log like the rest. Inline <script> and <style> in the HTML count too.
 * Sizes are of the bytes as served (decoded), gzipped here at level 9, so that the figure does
 * not depend on whether the server precompressed the file.
 */
export async function measurePage(
	context: BrowserContext,
	url: string,
	ready: (page: import('playwright-core').Page) => Promise<void>
): Promise<PageWeight> {
	const page = await context.newPage();
	const pending: Promise<LoadedFile | null>[] = [];
	page.on('response', (response) => {
		const kind = kindOf(response);
		if (!kind) return;
		pending.push(
			response.body().then(
				(body) => ({
					file: new URL(response.url()).pathname,
					kind,
					raw: body.length,
					gzip: gzip(body)
				}),
				() => null
			)
		);
	});
	const document = await page.goto(url);
	if (!document?.ok()) throw new Error(`${url}: ${document?.status()}`);
	await ready(page);
	await page.waitForLoadState('networkidle');
	const html = await document.text();
	const inline: LoadedFile[] = [];
	for (const [tag, kind] of [
		['script', 'js'],
		['style', 'css']
	] as const) {
		const bodies = [
			...html.matchAll(new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))
		]
			.map((match) => match[1]!)
			.filter((body) => body.trim() !== '');
		if (bodies.length > 0) {
			const joined = bodies.join('\n');
			inline.push({
				file: `(inline <${tag}> in the HTML)`,
				kind,
				raw: Buffer.byteLength(joined),
				gzip: gzip(joined)
			});
		}
	}
	await page.close();
	const files = [...(await Promise.all(pending)).filter((f) => f !== null), ...inline];
	// The same file fetched twice (a preload, then the import) is one download's worth.
	const unique = [...new Map(files.map((f) => [f.file, f])).values()];
	const sum = (kind: 'js' | 'css') =>
		unique.filter((f) => f.kind === kind).reduce((total, f) => total + f.gzip, 0);
	return { files: unique, js: sum('js'), css: sum('css') };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** A per-file table, largest first, with the totals against the budgets. */
export function weightTable(
	label: string,
	weight: PageWeight,
	budget: { js: number; css: number }
): string {
	const rows = [...weight.files]
		.sort((a, b) => b.gzip - a.gzip)
		.map(
			(f) =>
				`  ${f.kind.padEnd(3)} ${kb(f.gzip).padStart(7)} KB gz ${kb(f.raw).padStart(8)} KB raw  ${f.file}`
		);
	return [
		`${label}: JS ${kb(weight.js)} KB gz (budget ${kb(budget.js)}), CSS ${kb(weight.css)} KB gz (budget ${kb(budget.css)}), ${weight.files.length} files`,
		...rows
	].join('\n');
}
