// One set of Paraglide compiler options for the Vite plugin and for `scripts/compile-messages.js`
// (which `prepare` and `check` run, so type checks and lint see the messages on a fresh clone).
/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	// The person's choice (cookie), else their browser's language, else Italian; then narrowed to
	// the languages of the page's audience by `custom-audience` (see hooks.server.ts).
	strategy: ['custom-audience', 'cookie', 'preferredLanguage', 'baseLocale'],
	cookieName: 'piazza_lang',
	// One module per message, in every build and in dev alike (Paraglide's default depends on
	// NODE_ENV at the moment it compiles): scripts/locale-chunks.js builds each message again
	// for one locale from these modules.
	outputStructure: 'message-modules'
};
