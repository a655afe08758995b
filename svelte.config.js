import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// Issue 9: the server resolves which page a link leads to, so a phone does not download the
		// table of every route (staff and admin ones included) before it can show a resident's page.
		router: { resolution: 'server' },
		// The benchmark (bench/, compiled by esbuild) is type-checked with the app by `npm run check`.
		typescript: {
			config: (config) => {
				config.include.push('../bench/**/*.ts');
			}
		},
		// Strict CSP: SvelteKit adds hashes/nonces for its own inline scripts, so no 'unsafe-inline' scripts.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};
