import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vitest/config';
import { paraglideOptions } from './paraglide.config.js';
import { localeChunks } from './scripts/locale-chunks.js';
import { createUpgradeHandler } from './src/lib/server/collab/upgrade';

/**
 * `npm run dev` keeps production's one-port shape: WebSocket upgrades for /collab/ go to the same
 * handler `build/server.js` uses; every other upgrade (Vite's HMR) is left alone.
 */
function collabDevWebSocket(): Plugin {
	return {
		name: 'piazza-collab-websocket',
		apply: 'serve',
		configureServer(server) {
			const onUpgrade = createUpgradeHandler();
			server.httpServer?.on('upgrade', (req, socket, head) => {
				onUpgrade(req, socket, head);
			});
		}
	};
}

/** Parts of Svelte's runtime that only staff pages (charts, canvas, editor) use. */
const STAFF_ONLY_SVELTE = [
	'/svelte/src/motion/',
	'/svelte/src/transition/',
	'/svelte/src/easing/',
	'/svelte/src/animate/',
	'/svelte/src/reactivity/',
	'/svelte/src/store/',
	'/svelte/src/events/',
	'/svelte/src/action/',
	'/svelte/src/legacy/',
	'/internal/client/dom/elements/transitions.js',
	'/internal/client/dom/blocks/svelte-element.js',
	'/internal/client/dom/elements/bindings/size.js',
	'/internal/client/dom/elements/bindings/select.js',
	'/internal/client/dom/elements/bindings/media.js',
	'/internal/client/dom/elements/bindings/window.js',
	'/internal/client/dom/elements/bindings/document.js',
	'/internal/client/dom/elements/custom-element.js',
	'/internal/client/dom/legacy/',
	'/internal/client/reactivity/store.js'
];

export default defineConfig({
	plugins: [
		paraglideVitePlugin(paraglideOptions),
		localeChunks(paraglideOptions),
		sveltekit(),
		collabDevWebSocket()
	],
	server: { port: 5173 },
	build: {
		rollupOptions: {
			output: {
				// Issue 9: left alone, Rollup cuts Svelte's runtime into a dozen chunks by which pages
				// share which part, and a resident's board loads nearly all of them: each compressed
				// on its own and each a request on a slow network. The core every page runs goes into
				// one chunk (its own import cycles stay inside it); what only some staff pages use
				// (transitions, motion, stores, size bindings, <svelte:element>) is left to the usual
				// splitting so that residents do not download it. `bundle-budget.test.ts` measures it.
				// Paraglide's runtime, which every page runs too, goes with it. (Grouping more, Yjs with
				// our live-document wrappers or the resident frame's components, made the board heavier:
				// a manual chunk takes in every page's share of what it imports.)
				manualChunks(id) {
					const file = id.replaceAll('\\', '/');
					if (/\/node_modules\/(esm-env|clsx)\//.test(file)) return 'svelte';
					if (file.endsWith('/src/lib/paraglide/runtime.js')) return 'svelte';
					if (!file.includes('/node_modules/svelte/src/')) return undefined;
					if (STAFF_ONLY_SVELTE.some((part) => file.includes(part))) return undefined;
					return 'svelte';
				}
			}
		}
	},
	test: {
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks',
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/helpers/global-setup.ts']
				}
			}
		]
	}
});
