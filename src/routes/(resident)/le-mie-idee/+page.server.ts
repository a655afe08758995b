import { fail } from '@sveltejs/kit';
import { CONSENT_VERSION } from '$lib/domain/proposal/residents';
import { formatDateTime } from '$lib/domain/time-zone';
import { getLocale } from '$lib/paraglide/runtime';
import * as sessions from '$lib/server/auth/sessions';
import * as contacts from '$lib/server/notifications/contacts';
import * as erasure from '$lib/server/privacy/erase';
import { stageWords } from '$lib/server/notifications/outbox';
import * as residents from '$lib/server/proposals/residents';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

/**
 * "Le mie idee": what became of the ideas a resident wrote or voted for, and of the proposals they
 * follow, from their participant session on this phone (no account: the session is the link).
 */
export const load: PageServerLoad = async ({ locals }) => {
	const runtime = getRuntime();
	const notificationsOn = Boolean(runtime.config.notifications.smtpUrl);
	if (!locals.residentId || locals.user) return { session: false as const, notificationsOn };
	const db = runtime.database.db;
	const locale = getLocale();
	const [ideas, contact] = await Promise.all([
		residents.myIdeas(db, locals.residentId),
		notificationsOn ? contacts.get(db, locals.residentId) : Promise.resolve(null)
	]);
	return {
		session: true as const,
		notificationsOn,
		consentVersion: CONSENT_VERSION,
		contact: contact ? { email: contact.email } : null,
		ideas: ideas.map((idea) => ({
			...idea,
			stageWords: stageWords(idea.stage),
			lastChange: formatDateTime(
				new Date(idea.stageChangedAt),
				locale,
				runtime.config.timeZone,
				'long'
			)
		}))
	};
};

export const actions: Actions = {
	/** Leave (or change) the email address, with consent to the wording shown. */
	contact: async ({ request, locals }) => {
		const runtime = getRuntime();
		if (!locals.residentId || locals.user || !runtime.config.notifications.smtpUrl)
			return fail(403, { contactProblem: 'forbidden' as const, email: '' });
		const form = await request.formData();
		const email = String(form.get('email') ?? '').slice(0, 300);
		const given = await contacts.give(runtime.database.db, locals.residentId, {
			email,
			consent: form.get('consent') === 'yes',
			consentVersion: form.get('consentVersion'),
			locale: getLocale()
		});
		if (!given.ok) return fail(400, { contactProblem: given.problem, email });
		return { contactSaved: true as const };
	},
	/**
	 * "Cancella i miei contributi": only with the confirmation ticked (the page says what goes);
	 * the phone is signed out, since the resident it stood for no longer exists.
	 */
	erase: async ({ request, locals, cookies, url }) => {
		if (!locals.residentId || locals.user)
			return fail(403, { eraseProblem: 'no-session' as const });
		const form = await request.formData();
		if (form.get('confirm') !== 'yes')
			return fail(400, { eraseProblem: 'confirm-required' as const });
		await erasure.erase(erasure.contextOf(getRuntime()), locals.residentId, { kind: 'self' });
		sessions.deleteCookie(cookies, sessions.isSecure(url));
		// The page is loaded again in this same request: as the visitor without a session they now are.
		locals.residentId = null;
		locals.sessionId = null;
		return { erased: true as const };
	},
	/** Withdraw consent: the address is deleted, with any email not yet sent. */
	withdraw: async ({ locals }) => {
		if (!locals.residentId || locals.user)
			return fail(403, { contactProblem: 'forbidden' as const, email: '' });
		await contacts.withdraw(getRuntime().database.db, locals.residentId);
		return { contactWithdrawn: true as const };
	}
};
