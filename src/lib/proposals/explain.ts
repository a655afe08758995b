import type { Criterion, Score, ScoreContext, ScoreInputs } from '../domain/proposal/priority';
import { m } from '../paraglide/messages';
import { getLocale } from '../paraglide/runtime';
import { bilingual } from '../domain/languages';

/**
 * The sentence beside every score, in the reader's language: each criterion's value on 0..1, the
 * plain figures it comes from, and its weight. Shared by the screens, the JSON list and the CSV,
 * so that the explanation a manager reads is the one a spreadsheet receives.
 */

type Locale = 'it' | 'en';

// Formatters are made once per locale and kind: building one costs far more than using it, and a
// page of fifty explained scores formats several hundred numbers.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: Locale, digits: number, fixed: boolean): Intl.NumberFormat {
	const key = `${locale}:${digits}:${fixed}`;
	let made = formatters.get(key);
	if (!made) {
		made = new Intl.NumberFormat(
			locale,
			fixed
				? { minimumFractionDigits: digits, maximumFractionDigits: digits }
				: { maximumFractionDigits: digits }
		);
		formatters.set(key, made);
	}
	return made;
}

function decimal(value: number, locale: Locale, digits = 2): string {
	return formatter(locale, digits, true).format(value);
}

/** A weight as typed: "2", "1,5". */
export function formatWeight(value: number, locale: Locale = bilingual(getLocale())): string {
	return formatter(locale, 1, false).format(value);
}

export function formatScore(value: number, locale: Locale = bilingual(getLocale())): string {
	return decimal(value, locale, 1);
}

export function criterionName(
	criterion: Criterion,
	locale: Locale = bilingual(getLocale())
): string {
	const o = { locale };
	switch (criterion) {
		case 'votes':
			return m.review_criterion_votes({}, o);
		case 'supports':
			return m.review_criterion_supports({}, o);
		case 'impact':
			return m.review_criterion_impact({}, o);
		case 'feasibility':
			return m.review_criterion_feasibility({}, o);
		case 'cost':
			return m.review_criterion_cost({}, o);
		case 'reach':
			return m.review_criterion_reach({}, o);
	}
}

/** Where a criterion's value comes from, in figures ("12 dots from 20 people"). */
export function criterionDetail(
	criterion: Criterion,
	inputs: ScoreInputs,
	context: ScoreContext,
	locale: Locale = bilingual(getLocale())
): string {
	const o = { locale };
	const rating = (average: number | null) =>
		m.review_detail_rating(
			{
				average: average === null ? '–' : decimal(average, locale, 1),
				raters: inputs.raters,
				ratersLabel: m.review_raters({ count: inputs.raters }, o)
			},
			o
		);
	switch (criterion) {
		case 'votes':
			return m.review_detail_votes(
				{
					votes: inputs.votes,
					votesLabel: m.review_points({ count: inputs.votes }, o),
					participants: inputs.participants,
					participantsLabel: m.review_people({ count: inputs.participants }, o)
				},
				o
			);
		case 'supports':
			return m.review_detail_supports({ supports: inputs.supports, max: context.maxSupports }, o);
		case 'impact':
			return rating(inputs.impact);
		case 'feasibility':
			return rating(inputs.feasibility);
		case 'cost':
			return m.review_detail_cost(
				{ average: inputs.cost === null ? '–' : decimal(inputs.cost, locale, 1) },
				o
			);
		case 'reach':
			return m.review_detail_reach(
				{
					branches: inputs.branches,
					total: context.totalBranches,
					residents: inputs.residents,
					max: context.maxResidents
				},
				o
			);
	}
}

/** The score in one sentence: every criterion that weighs, its value, its figures, its weight. */
export function explain(
	scored: Score & { inputs: ScoreInputs },
	context: ScoreContext,
	locale: Locale = bilingual(getLocale())
): string {
	const o = { locale };
	const score = formatScore(scored.score, locale);
	const terms = scored.parts
		.filter((part) => part.weight > 0)
		.map((part) => {
			const criterion = criterionName(part.criterion, locale);
			const weight = formatWeight(part.weight, locale);
			if (part.value === null) return m.review_explain_unrated({ criterion, weight }, o);
			return m.review_explain_term(
				{
					criterion,
					value: decimal(part.value, locale),
					detail: criterionDetail(part.criterion, scored.inputs, context, locale),
					weight
				},
				o
			);
		});
	if (terms.length === 0) return m.review_explain_none({ score }, o);
	return m.review_explain({ score, terms: terms.join(', ') }, o);
}
