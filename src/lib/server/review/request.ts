import { can } from '../../domain/access';
import type { Delimiter } from '../../domain/csv';
import { parseFilters } from '../../domain/proposal/review-filters';
import type { ReviewFilters } from '../../domain/proposal/review-filters';
import { m } from '../../paraglide/messages';
import { filterMessage } from '../../proposals/review-failures';
import type { StaffUser } from '../auth/sessions';
import { apiError } from '../http';

/**
 * Reads a review request (the list, the CSV): who asks, which view, which page. Returns the
 * response to send instead when the request cannot be served, so every endpoint refuses alike.
 */

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 500;

export type ReviewRequest =
	| { ok: true; filters: ReviewFilters; offset: number; limit: number; delimiter: Delimiter }
	| { ok: false; response: Response };

export function read(user: StaffUser | null, url: URL, locale: 'it' | 'en'): ReviewRequest {
	// Signed out or signed in without the right: the same 403, as every endpoint of DESIGN.md §4.
	if (!user || !can(user, 'proposals:review'))
		return { ok: false, response: apiError(403, 'forbidden', m.review_error_forbidden()) };
	const parsed = parseFilters(url.searchParams);
	if (!parsed.ok)
		return {
			ok: false,
			response: apiError(
				400,
				'invalid_filter',
				filterMessage(parsed.field, parsed.problem, parsed.value)
			)
		};
	const number = (key: string, fallback: number) => {
		const raw = url.searchParams.get(key);
		return raw === null || raw === '' ? fallback : /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
	};
	const offset = number('offset', 0);
	const limit = number('limit', PAGE_DEFAULT);
	if (!Number.isInteger(offset) || !Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX)
		return { ok: false, response: apiError(400, 'invalid_page', m.review_error_page()) };
	const asked = url.searchParams.get('delimiter');
	if (asked !== null && asked !== 'comma' && asked !== 'semicolon')
		return { ok: false, response: apiError(400, 'invalid_delimiter', m.review_error_delimiter()) };
	// Italian spreadsheets split on ";", English ones on ",": follow the reader unless asked.
	const delimiter: Delimiter =
		asked === 'comma' ? ',' : asked === 'semicolon' ? ';' : locale === 'it' ? ';' : ',';
	return { ok: true, filters: parsed.filters, offset, limit, delimiter };
}
