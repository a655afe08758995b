// Builds the app when the build is missing or older than its sources, so that `npm run demo` and
// `npm run cli` work on a fresh clone and never run stale code. `--server-only` builds just the CLI
// (a fraction of a second) when the web build is not needed.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const serverOnly = process.argv.includes('--server-only');
const SOURCES = [
	'src',
	'static',
	'messages',
	'project.inlang/settings.json',
	'package.json',
	'svelte.config.js',
	'vite.config.ts'
];

// Files only: a folder's own time changes when a generated file inside it is rewritten (npm's
// `prepare` recompiles the messages), which must not trigger a rebuild.
function newestMtime(target) {
	if (!fs.existsSync(target)) return 0;
	const stat = fs.statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = 0;
	for (const entry of fs.readdirSync(target)) {
		if (entry === 'paraglide' || entry === 'node_modules') continue; // generated
		newest = Math.max(newest, newestMtime(path.join(target, entry)));
	}
	return newest;
}

const sourceTime = Math.max(...SOURCES.map(newestMtime));
const builtTime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

if (serverOnly) {
	if (builtTime('build/cli.js') < sourceTime) {
		execSync('node scripts/build-server.js --cli-only', { stdio: 'inherit' });
	}
} else if (Math.min(builtTime('build/server.js'), builtTime('build/handler.js')) < sourceTime) {
	console.log('Building Piazza (first start, or the sources changed)…');
	// Quiet: warnings and errors only, so the address printed at start is easy to find.
	execSync('npx vite build --logLevel warn && node scripts/build-server.js', { stdio: 'inherit' });
}
