// Bundles the benchmark (bench/) for Node 20, which cannot run TypeScript: the harness, its client
// workers, the seed step (Piazza's own modules compiled in) and the two reference servers.
import { build } from 'esbuild';

await build({
	entryPoints: {
		main: 'bench/main.ts',
		worker: 'bench/worker.ts',
		seed: 'bench/seed.ts',
		'server-y-websocket': 'bench/servers/y-websocket-server.ts',
		'server-hocuspocus': 'bench/servers/hocuspocus.ts',
		'probe-cold-load': 'bench/probe-cold-load.ts'
	},
	outdir: 'build/bench',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	sourcemap: true,
	logLevel: 'warning'
});
