import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vitest/config';
import { paraglideOptions } from './paraglide.config.js';
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

export default defineConfig({
	plugins: [paraglideVitePlugin(paraglideOptions), sveltekit(), collabDevWebSocket()],
	server: { port: 5173 },
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
