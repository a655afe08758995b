import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// `npx playwright install` cannot download on these machines: use the system's Chromium.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
	throw new Error(
		`No Chromium at ${chromium}. Install it with \`sudo apt-get install -y chromium\` ` +
			'(Debian/Ubuntu), or point CHROMIUM_PATH at a Chromium or Chrome binary.'
	);
}

const launchOptions = {
	executablePath: chromium,
	// Without the background-networking flags Chromium keeps dialling Google on a closed network.
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run'
	]
};

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results/e2e',
	// The server is started once, on a free port, with a fresh demo database (see global-setup).
	globalSetup: './tests/e2e/global-setup.ts',
	workers: 1,
	fullyParallel: false,
	forbidOnly: true,
	retries: 0,
	reporter: process.env.CI ? 'list' : [['list']],
	// Per test: axe scans and multi-browser stories take several times longer on a busy 2-core machine.
	timeout: 60_000,
	// Generous for a loaded 2-core CI machine; a real failure still fails, only later.
	expect: { timeout: 10_000 },
	use: {
		locale: 'it-IT',
		timezoneId: 'Europe/Rome',
		trace: 'retain-on-failure'
	},
	projects: [
		{
			name: 'phone',
			use: {
				...devices['Pixel 7'],
				viewport: { width: 360, height: 740 },
				deviceScaleFactor: 2,
				isMobile: true,
				hasTouch: true,
				browserName: 'chromium',
				launchOptions
			}
		},
		{
			name: 'desktop',
			use: {
				...devices['Desktop Chrome'],
				viewport: { width: 1280, height: 800 },
				launchOptions
			}
		}
	]
});
