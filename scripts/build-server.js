// Bundles Piazza's own Node entries (the production server and the CLI) next to adapter-node's
// output. Dependencies stay external: they are resolved from node_modules at run time.
import { build } from 'esbuild';

const serverOnly = process.argv.includes('--cli-only');
const entries = serverOnly
	? { cli: 'src/server/cli.ts' }
	: {
			server: 'src/server/main.ts',
			cli: 'src/server/cli.ts',
			'pglite-worker': 'src/lib/server/db/pglite-worker.ts'
		};

await build({
	entryPoints: entries,
	outdir: 'build',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	external: ['./handler.js'],
	sourcemap: true,
	logLevel: 'warning'
});
