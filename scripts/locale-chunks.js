// Issue 9: a resident's phone should download its own language only. Paraglide compiles each
// message into one function holding every locale, so a page in Italian also carried the Spanish,
// Arabic and Chinese of every message it shows (12 KB gzipped more on the board).
//
// In the browser build, every chunk that holds messages goes into a folder of its own, `m/`, and
// is written once more per locale into `m-<locale>/`: the same code with the locale fixed, minified
// again so that the other languages drop out as dead code. Same exports, same imports. The server
// answers every page with a one-line import map that sends `m/` to `m-<locale>/`
// (src/lib/server/locale-chunks.ts), so the browser never fetches the other languages. A browser
// without import maps (Safari before 16.4) loads the chunks in `m/` themselves, which hold every
// locale: heavier, never wrong.
//
// The server bundle is left as Paraglide makes it: it renders every language.
import fs from 'node:fs';
import path from 'node:path';
import { transform } from 'esbuild';

/**
 * Where the server (src/lib/server/locale-chunks.ts) finds the folders this plugin wrote, relative
 * to the client output directory: `{ directory, locales: { <locale>: <its folder> } }`.
 */
const MANIFEST = '_app/locale-chunks.json';

const FOLDER = 'm';
// How every Paraglide message picks its locale; rewritten to carry a mark that survives
// minification (a string argument, which getLocale ignores), so that each can be found and fixed.
const LOCALE_EXPRESSION = 'experimentalStaticLocale ?? options.locale ?? getLocale()';
const MARK = 'piazza:locale';
const MARKED_EXPRESSION = `options.locale ?? getLocale(${JSON.stringify(MARK)})`;
const MARKED_PICK = /\b[\w$]+\.locale\?\?[\w$]+\("piazza:locale"\)/g;
// A message fixed to one locale, once minified: `((t={},e={})=>f())` or `((t,e={})=>f(t))`.
const NO_INPUT_WRAPPER = /\(\([\w$]+=\{\},[\w$]+=\{\}\)=>([\w$]+)\(\)\)/g;
const INPUT_WRAPPER = /\(\(([\w$]+),[\w$]+=\{\}\)=>([\w$]+)\(\1\)\)/g;

/**
 * A locale's copy of the folder: beside it, `m-<locale>/`, at the same depth, so that every
 * relative import in a copy still leads where the original's did (and from one copy to another
 * of the same language), and outside `m/`, which the import map redirects.
 * @param {string} folder `…/m/`
 * @param {string} locale
 */
function inLocale(folder, locale) {
	return `${folder.slice(0, -1)}-${locale}/`;
}

/**
 * @param {{ project: string; outdir: string }} options Paraglide's compiler options.
 * @returns {import('vite').Plugin}
 */
export function localeChunks(options) {
	const messagesDir = path.resolve(process.cwd(), options.outdir, 'messages');
	const isMessage = (/** @type {string} */ id) =>
		path.dirname(id) === messagesDir && !path.basename(id).startsWith('_');
	let client = false;
	/** @type {string[]} */
	let locales = [];
	/** @type {string | string[] | false} */
	let target = 'es2020';
	/** `_app/immutable/m/`, once the output options are known. */
	let folder = '';

	return {
		name: 'piazza-locale-chunks',
		apply: 'build',
		configResolved(config) {
			// SvelteKit builds the server first, then the browser bundle with the same config file.
			client = !config.build.ssr;
			target = config.build.target;
			const settings = JSON.parse(
				fs.readFileSync(path.join(options.project, 'settings.json'), 'utf8')
			);
			locales = settings.locales;
		},
		config(_config, env) {
			if (env.command !== 'build') return;
			return {
				build: {
					modulePreload: {
						// Vite's preload helper would fetch the all-language chunks ahead of a lazy
						// import (a preload is fetched as written, not through the import map); the
						// import itself fetches the page's language.
						resolveDependencies: (_file, deps) =>
							folder ? deps.filter((dep) => !dep.startsWith(folder)) : deps
					}
				}
			};
		},
		transform(code, id) {
			if (!client || !isMessage(id)) return null;
			if (!code.includes(LOCALE_EXPRESSION)) {
				this.error(`Paraglide's output changed: no "${LOCALE_EXPRESSION}" in ${id}`);
			}
			return { code: code.replace(LOCALE_EXPRESSION, MARKED_EXPRESSION), map: null };
		},
		outputOptions(output) {
			if (!client) return null;
			const chunks = output.chunkFileNames;
			const entries = output.entryFileNames;
			if (
				typeof chunks !== 'string' ||
				!chunks.includes('/chunks/') ||
				typeof entries !== 'string'
			) {
				throw new Error(`locale-chunks.js expects SvelteKit's file names, got ${String(chunks)}`);
			}
			const immutable = chunks.slice(0, chunks.indexOf('/chunks/'));
			if (!entries.startsWith(`${immutable}/`)) {
				throw new Error(`locale-chunks.js expects SvelteKit's entry names, got ${entries}`);
			}
			folder = `${immutable}/${FOLDER}/`;
			/** @param {string} names */
			const inFolder = (names) => folder + names.slice(immutable.length + 1);
			return {
				...output,
				// Pages' entries too: a page's own code may show messages.
				entryFileNames: (chunk) => (chunk.moduleIds.some(isMessage) ? inFolder(entries) : entries),
				chunkFileNames: (chunk) => (chunk.moduleIds.some(isMessage) ? inFolder(chunks) : chunks)
			};
		},
		generateBundle: {
			// After Vite has written its preload lists into the chunks.
			order: 'post',
			async handler(_output, bundle) {
				if (!client) return;
				let marked = 0;
				for (const chunk of Object.values(bundle)) {
					if (chunk.type !== 'chunk') continue;
					if (!chunk.fileName.startsWith(folder)) {
						if (chunk.code.includes(MARK)) {
							this.error(`${chunk.fileName} holds messages outside ${folder}`);
						}
						continue;
					}
					if (chunk.code.includes(MARK)) marked++;
					for (const locale of locales) {
						this.emitFile({
							type: 'asset',
							fileName: inLocale(folder, locale) + chunk.fileName.slice(folder.length),
							source: await inOneLocale(chunk, locale, target)
						});
					}
				}
				if (marked === 0) this.error('No chunk holds messages: has Paraglide changed?');
				const manifest = {
					directory: folder.slice(0, -1),
					locales: Object.fromEntries(
						locales.map((locale) => [locale, inLocale(folder, locale).slice(0, -1)])
					)
				};
				this.emitFile({
					type: 'asset',
					fileName: MANIFEST,
					source: JSON.stringify(manifest, null, '\t') + '\n'
				});
			}
		}
	};
}

/**
 * A chunk's code with its messages fixed to `locale`, for `m-<locale>/`. The import map swaps one
 * file for the other, so they must offer exactly the same exports, or a page would break in one
 * language only: any difference is a build error, as is a message that did not take the locale.
 * @param {import('rollup').OutputChunk} chunk
 * @param {string} locale
 * @param {string | string[] | false} target
 */
async function inOneLocale(chunk, locale, target) {
	let code = chunk.code;
	if (code.includes(MARK)) {
		const fixed = code.replace(MARKED_PICK, JSON.stringify(locale));
		if (fixed.includes(MARK)) {
			throw new Error(
				`${chunk.fileName} (${locale}): a message still picks its locale at run time`
			);
		}
		// Fixed to one locale, the other branches and their functions are dead code and go.
		const minify = async (/** @type {string} */ source) =>
			(
				await transform(source, {
					format: 'esm',
					minify: true,
					treeShaking: true,
					legalComments: 'none',
					charset: 'utf8',
					target: target || 'esnext'
				})
			).code;
		// What is left of each message is a wrapper that passes its inputs on to the locale's
		// function: the function itself can stand in for it (it ignores the extra argument).
		code = await minify(
			(await minify(fixed)).replaceAll(NO_INPUT_WRAPPER, '$1').replaceAll(INPUT_WRAPPER, '$2')
		);
		if (!sameExports(chunk.exports, code)) {
			throw new Error(`${chunk.fileName} (${locale}): its exports differ from the original's`);
		}
	}
	return code;
}

/**
 * @param {string[]} expected
 * @param {string} code
 */
function sameExports(expected, code) {
	const clause = /export\s*\{([^}]*)\}\s*;?\s*$/.exec(code)?.[1] ?? '';
	const names = clause
		.split(',')
		.map((part) =>
			part
				.trim()
				.split(/\s+as\s+/)
				.pop()
		)
		.filter(Boolean);
	return JSON.stringify(names.sort()) === JSON.stringify([...expected].sort());
}
