import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// Lint guards the architecture (STYLE.md rule 12): pure rules and the socket core stay free of
// SvelteKit, Svelte and the database, so they can be tested alone and loaded by the Node entry.
const kitImports = [
	{
		group: ['$app/*', '$env/*'],
		message: 'Keep this module free of SvelteKit (STYLE.md rule 12).'
	},
	{ group: ['svelte', 'svelte/*'], message: 'Keep this module free of Svelte.' },
	{
		group: ['$lib/*', '$lib'],
		message: 'Use relative imports here: the Node entry loads this code without SvelteKit aliases.'
	}
];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'drizzle/',
			'test-results/',
			'playwright-report/',
			'src/lib/paraglide/',
			'data/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{ languageOptions: { globals: { ...globals.browser, ...globals.node } } },
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			// Piazza is served from the site root (no paths.base), so plain hrefs are already resolved.
			'svelte/no-navigation-without-resolve': 'off',
			'no-restricted-syntax': [
				'error',
				{ selector: 'ExportAllDeclaration', message: 'No `export *`: name what you export.' }
			]
		}
	},
	{
		files: ['src/lib/domain/**', 'src/lib/server/**/*.ts', 'src/server/**'],
		ignores: ['src/lib/server/http.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: kitImports }] }
	},
	{
		files: ['src/lib/domain/**'],
		ignores: ['src/lib/domain/**/*.test.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						...kitImports,
						{
							group: [
								'**/server/**',
								'drizzle-orm',
								'drizzle-orm/*',
								'postgres',
								'@electric-sql/*',
								'node:*'
							],
							message: 'lib/domain holds pure rules: no database, server or Node APIs.'
						}
					]
				}
			]
		}
	}
);
