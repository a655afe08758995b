import { fail, redirect } from '@sveltejs/kit';
import { normaliseJoinCode } from '$lib/domain/join-code';
import * as drafts from '$lib/server/form-drafts';
import type { Actions, PageServerLoad } from './$types';
import * as sessions from '$lib/server/auth/sessions';

const DRAFT = 'code';

export const load: PageServerLoad = ({ request, cookies, url }) => {
	// A code refused just before a full page load (the language switch) is shown again, once.
	const draft =
		request.method === 'GET' ? drafts.take(cookies, DRAFT, sessions.isSecure(url)) : null;
	return { draft };
};

export const actions: Actions = {
	/** "Enter the code": normalise it and go to its join page, or say why it cannot be a code. */
	default: async ({ request, cookies, url }) => {
		const secure = sessions.isSecure(url);
		const typed = (await request.formData()).get('code');
		const value = typeof typed === 'string' ? Array.from(typed).slice(0, 40).join('') : '';
		const code = normaliseJoinCode(value);
		if (!code) {
			drafts.keep(cookies, DRAFT, value, secure);
			return fail(400, { code: value });
		}
		drafts.drop(cookies, secure);
		redirect(303, `/j/${code}`);
	}
};
