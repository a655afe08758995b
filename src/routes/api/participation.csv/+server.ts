import { decimal, BOM, row } from '$lib/domain/csv';
import { parseFilters } from '$lib/domain/proposal/review-filters';
import { lastYear } from '$lib/domain/review/period';
import { participationTable } from '$lib/domain/review/participation-table';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { bilingual } from '$lib/domain/languages';
import { filterMessage } from '$lib/proposals/review-failures';
import { apiError, overLimit, requesterKey } from '$lib/server/http';
import * as insights from '$lib/server/review/insights';
import * as review from '$lib/server/review/request';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/**
 * `GET /api/participation.csv?from=&to=&municipio=` (managers): the participation report of the
 * places view as CSV, for the library system's social accounts — one row per branch, per
 * municipio and for the system, UTF-8 with a BOM, formula-like cells neutralised, `;` for Italian
 * readers and `,` for English ones (`delimiter=` chooses). The period defaults to the last twelve
 * months, as on the page. Counted with the other exports (EXPORTS_PER_MINUTE, then 429).
 */
export const GET: RequestHandler = async ({ url, request, locals, getClientAddress }) => {
	const locale = bilingual(getLocale());
	const runtime = getRuntime();
	const timeZone = runtime.config.timeZone;
	const params = new URLSearchParams(url.searchParams);
	const fallback = lastYear(new Date(), timeZone);
	if (!params.get('from')) params.set('from', fallback.from);
	if (!params.get('to')) params.set('to', fallback.to);
	// The same refusals as the list's CSV: who may ask, and which delimiter.
	const asked = review.read(locals.user, url, locale);
	if (!asked.ok) return asked.response;
	const limited = await overLimit(
		runtime.limits.exportsByRequester,
		requesterKey(locals.user, getClientAddress()),
		request
	);
	if (limited) return limited;
	const parsed = parseFilters(params);
	if (!parsed.ok)
		return apiError(
			400,
			'invalid_filter',
			filterMessage(parsed.field, parsed.problem, parsed.value)
		);
	const period = { from: parsed.filters.from!, to: parsed.filters.to! };
	const report = await insights.participation(runtime, period, timeZone, {
		municipi: parsed.filters.municipi
	});
	const delimiter = asked.delimiter;
	const table = participationTable(report, {
		header: [
			m.participation_csv_level(),
			m.participation_csv_municipio(),
			m.participation_csv_branch(),
			m.places_col_workshops(),
			m.places_col_residents(),
			m.places_col_first(),
			m.places_col_notes(),
			m.places_col_dots(),
			m.places_col_proposals(),
			m.places_col_adopted(),
			m.participation_csv_decided(),
			m.participation_csv_days()
		],
		level: {
			branch: m.participation_csv_level_branch(),
			municipio: m.participation_csv_level_municipio(),
			elsewhere: m.participation_csv_level_elsewhere(),
			system: m.participation_csv_level_system()
		},
		municipio: (n) => (n === null ? m.places_no_municipio() : m.places_municipio_n({ n })),
		elsewhere: m.places_elsewhere(),
		system: m.places_system(),
		days: (value) => decimal(value, delimiter)
	});
	// A few dozen rows: written at once, unlike the list's export.
	const body = BOM + table.map((cells) => row(cells, delimiter)).join('');
	const name = `${m.participation_csv_filename()}-${period.from}-${period.to}.csv`;
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8; header=present',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store',
			'content-language': locale
		}
	});
};
