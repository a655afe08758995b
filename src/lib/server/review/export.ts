import { BOM, decimal, row } from '../../domain/csv';
import type { Delimiter } from '../../domain/csv';
import { explain } from '../../proposals/explain';
import { m } from '../../paraglide/messages';
import type { Database } from '../db/client';
import * as ranking from './ranking';
import type { RankedProposal, RankingResult } from './ranking';

/**
 * The ranked list as the API serves it (JSON pages) and as a CSV file streamed a batch at a time:
 * the scores are computed once for the whole view (they decide the order), the names and the
 * sentences only for the rows being written, so a 100,000-row export never holds its text.
 */

type Locale = 'it' | 'en';
type Ranked = Extract<RankingResult, { ok: true }>;

function stageLabel(stage: RankedProposal['stage'], locale: Locale): string {
	const o = { locale };
	return {
		proposed: () => m.proposal_stage_proposed({}, o),
		shortlisted: () => m.proposal_stage_shortlisted({}, o),
		prototyping: () => m.proposal_stage_prototyping({}, o),
		evaluating: () => m.proposal_stage_evaluating({}, o),
		adopted: () => m.proposal_stage_adopted({}, o),
		archived: () => m.proposal_stage_archived({}, o),
		merged: () => m.proposal_stage_merged({}, o)
	}[stage]();
}

/** Names are read for this many rows at a time. */
const BATCH = 500;

export function toJson(item: RankedProposal, ranked: Ranked, locale: Locale, origin: string) {
	return {
		id: item.id,
		url: `${origin}/p/${item.id}`,
		position: item.position,
		title: item.title,
		stage: item.stage,
		score: item.score,
		explanation: explain(item, ranked.context, locale),
		parts: item.parts,
		inputs: item.inputs,
		branches: item.branches,
		services: item.services,
		workshop: item.workshop,
		process: item.process,
		tags: item.tags,
		createdAt: item.createdAt,
		stageChangedAt: item.stageChangedAt,
		updatedAt: item.updatedAt
	};
}

export async function page(
	db: Database,
	ranked: Ranked,
	options: { offset: number; limit: number; locale: Locale; origin: string }
) {
	const slice = ranked.rows.slice(options.offset, options.offset + options.limit);
	const described = await ranking.describe(db, slice, options.locale, options.offset + 1);
	return described.map((item) => toJson(item, ranked, options.locale, options.origin));
}

function header(locale: Locale): string[] {
	const o = { locale };
	return [
		m.review_csv_position({}, o),
		m.review_csv_score({}, o),
		m.review_csv_explanation({}, o),
		m.review_csv_title({}, o),
		m.review_csv_stage({}, o),
		m.review_csv_votes({}, o),
		m.review_csv_participants({}, o),
		m.review_csv_supports({}, o),
		m.review_csv_impact({}, o),
		m.review_csv_feasibility({}, o),
		m.review_csv_cost({}, o),
		m.review_csv_raters({}, o),
		m.review_csv_branches({}, o),
		m.review_csv_municipi({}, o),
		m.review_csv_services({}, o),
		m.review_csv_workshop({}, o),
		m.review_csv_process({}, o),
		m.review_csv_tags({}, o),
		m.review_csv_created({}, o),
		m.review_csv_changed({}, o),
		m.review_csv_url({}, o)
	];
}

function record(
	item: RankedProposal,
	ranked: Ranked,
	locale: Locale,
	origin: string,
	delimiter: Delimiter
) {
	const mean = (v: number | null) => (v === null ? null : decimal(v, delimiter, 1));
	const municipi = [
		...new Set(item.branches.flatMap((b) => (b.municipio === null ? [] : [b.municipio])))
	].sort((a, b) => a - b);
	return row(
		[
			item.position,
			decimal(item.score, delimiter, 1),
			explain(item, ranked.context, locale),
			item.title,
			stageLabel(item.stage, locale),
			item.inputs.votes,
			item.inputs.participants,
			item.inputs.supports,
			mean(item.inputs.impact),
			mean(item.inputs.feasibility),
			mean(item.inputs.cost),
			item.inputs.raters,
			item.branches.map((b) => b.name).join(', '),
			municipi.join(', '),
			item.services.map((s) => s.name).join(', '),
			item.workshop?.title ?? '',
			item.process?.title ?? '',
			item.tags.join(', '),
			item.createdAt.slice(0, 10),
			item.updatedAt.slice(0, 10),
			`${origin}/p/${item.id}`
		],
		delimiter
	);
}

/**
 * The CSV as a stream. Rows are written while the stream is pulled, outside the request's
 * language context, so every message here is given its locale explicitly.
 */
export function csv(
	db: Database,
	ranked: Ranked,
	options: { locale: Locale; origin: string; delimiter: Delimiter }
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let next = 0;
	return new ReadableStream<Uint8Array>(
		{
			start(controller) {
				controller.enqueue(encoder.encode(BOM + row(header(options.locale), options.delimiter)));
			},
			async pull(controller) {
				if (next >= ranked.rows.length) {
					controller.close();
					return;
				}
				const slice = ranked.rows.slice(next, next + BATCH);
				const described = await ranking.describe(db, slice, options.locale, next + 1);
				next += slice.length;
				const text = described
					.map((item) => record(item, ranked, options.locale, options.origin, options.delimiter))
					.join('');
				controller.enqueue(encoder.encode(text));
			}
		},
		// One batch ahead at most: a slow download holds back the database reads, not memory.
		{ highWaterMark: 1 }
	);
}
