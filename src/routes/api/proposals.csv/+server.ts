import { getLocale } from '$lib/paraglide/runtime';
import { bilingual } from '$lib/domain/languages';
import { m } from '$lib/paraglide/messages';
import { apiError, overLimit, requesterKey } from '$lib/server/http';
import * as exporting from '$lib/server/review/export';
import * as ranking from '$lib/server/review/ranking';
import * as review from '$lib/server/review/request';
import { getRuntime } from '$lib/server/runtime';
import { filterMessage } from '$lib/proposals/review-failures';
import type { RequestHandler } from './$types';

/**
 * Contract (DESIGN.md §4): `GET /api/proposals.csv?…` with the list's filters → the whole view
 * (not a page) as CSV: UTF-8 with a BOM, formula-like cells neutralised, `;` for Italian and `,`
 * for English readers (`delimiter=comma|semicolon` chooses), streamed. More than
 * `EXPORTS_PER_MINUTE` exports by one person → 429 `rate_limited` with Retry-After.
 */
export const GET: RequestHandler = async ({ url, request, locals, getClientAddress }) => {
	const locale = bilingual(getLocale());
	const asked = review.read(locals.user, url, locale);
	if (!asked.ok) return asked.response;
	const runtime = getRuntime();
	const limited = await overLimit(
		runtime.limits.exportsByRequester,
		requesterKey(locals.user, getClientAddress()),
		request
	);
	if (limited) return limited;
	const db = runtime.database.db;
	const ranked = await ranking.rank(db, asked.filters, { timeZone: runtime.config.timeZone });
	if (!ranked.ok)
		return apiError(
			400,
			'invalid_filter',
			filterMessage(ranked.field, ranked.problem, ranked.value)
		);
	const day = new Date().toISOString().slice(0, 10);
	const name = `${m.review_csv_filename()}-${day}.csv`;
	return new Response(
		exporting.csv(db, ranked, { locale, origin: url.origin, delimiter: asked.delimiter }),
		{
			headers: {
				'content-type': 'text/csv; charset=utf-8; header=present',
				'content-disposition': `attachment; filename="${name}"`,
				'cache-control': 'private, no-store',
				'content-language': locale,
				'x-total-count': String(ranked.total)
			}
		}
	);
};
