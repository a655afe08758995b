import { lastDay } from '$lib/domain/workshop/listening';
import { getLocale } from '$lib/paraglide/runtime';
import { notFound, requireStaff } from '$lib/server/guards';
import { getRuntime } from '$lib/server/runtime';
import * as joinLink from '$lib/server/workshops/join-link';
import * as listening from '$lib/server/workshops/listening';
import type { PageServerLoad } from './$types';

/**
 * A listening point's printable A4 poster: its question, QR and code, where and until when. Outside
 * the staff pages' frame, so that nothing but the sheet (and its print button) is on the page.
 * Staff who may see the workshop only; an ordinary session has no poster.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireStaff(locals, url);
	const { database, config } = getRuntime();
	const found = await listening.posterFor(database.db, user, params.workshopId);
	if (!found) notFound();
	const { workshop, listening: facts } = found;
	const link = joinLink.joinUrl(url.origin, workshop.code);
	const until = new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : getLocale(), {
		timeZone: config.timeZone,
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).format(lastDay(facts.closesAt));
	return {
		workshop: {
			id: workshop.id,
			title: workshop.title,
			code: workshop.code,
			branchName: workshop.branchName,
			place: workshop.branchName ?? workshop.placeText ?? ''
		},
		question: facts.question,
		until,
		join: {
			url: link,
			short: joinLink.shortJoinUrl(url.origin, workshop.code),
			qr: await joinLink.qrSvg(link)
		}
	};
};
