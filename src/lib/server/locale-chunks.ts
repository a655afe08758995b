import fs from 'node:fs';
import path from 'node:path';

/**
 * The other half of scripts/locale-chunks.js: each page's import map, which sends the browser to
 * the messages of the page's own language. The production entry says where the browser bundle is
 * (`useClientDirectory`); SvelteKit's bundle, which renders the pages, has its own copy of this
 * module, so the place is kept on `globalThis` as the runtime is. Without it (`vite dev`, `vite
 * preview`) pages carry an empty import map and load the all-language chunks.
 */
interface LocaleChunks {
	/** Where the chunks holding messages are, every language in each. */
	directory: string;
	/** Per locale, the folder with its copies of them. */
	locales: Record<string, string>;
}

const KEY = Symbol.for('piazza.localeChunks');
type Holder = { directory?: string; chunks?: LocaleChunks | null };
const holder = ((globalThis as Record<symbol, Holder>)[KEY] ??= {});

/** The manifest's place in the client output, as scripts/locale-chunks.js writes it. */
const MANIFEST = '_app/locale-chunks.json';

export function useClientDirectory(directory: string): void {
	holder.directory = directory;
	holder.chunks = undefined;
}

function chunks(): LocaleChunks | null {
	if (holder.chunks !== undefined) return holder.chunks;
	if (!holder.directory) return null;
	try {
		holder.chunks = JSON.parse(
			fs.readFileSync(path.join(holder.directory, MANIFEST), 'utf8')
		) as LocaleChunks;
	} catch (error) {
		// A build without the plugin still works, every language in every chunk: say so once.
		console.warn(`Piazza: no ${MANIFEST} in the build (${(error as Error).message}).`);
		holder.chunks = null;
	}
	return holder.chunks;
}

/**
 * One page's share: SvelteKit's `preload` option, and the HTML with the import map and the page's
 * module preloads in their place.
 *
 * Every module preload goes in the HTML after the import map, none in the Link header. A browser
 * fetches and parses what the Link header names before it has read the page: once any module
 * there imports a chunk under `m/` (the page's own code does), the import map comes too late,
 * Chromium drops its rule ("conflicted with already resolved module specifiers") and the page
 * loads every language. The all-language chunks are preloaded as their own language's copy,
 * since a preload is fetched as written, not through the import map. Style preloads stay in the
 * header: they resolve no module.
 */
export function pageLocaleChunks(locale: string) {
	const manifest = chunks();
	const folder =
		manifest && Object.hasOwn(manifest.locales, locale) ? manifest.locales[locale] : null;
	const all = folder ? `/${manifest!.directory}/` : null;
	const own = folder ? `/${folder}/` : null;
	const preloads: string[] = [];
	return {
		preload({ type, path }: { type: string; path: string }): boolean {
			if (type === 'css') return true;
			if (type !== 'js') return false;
			const at = all ? path.indexOf(all) : -1;
			preloads.push(at < 0 ? path : own + path.slice(at + all!.length));
			return false;
		},
		fill(html: string, placeholders: { importMap: string; preloads: string }): string {
			const imports = all ? { [all]: own } : {};
			return html
				.replace(placeholders.importMap, JSON.stringify({ imports }))
				.replace(
					placeholders.preloads,
					preloads
						.map((href) => `<link rel="modulepreload" href="${encodeURI(href)}">`)
						.join('\n\t\t')
				);
		}
	};
}
