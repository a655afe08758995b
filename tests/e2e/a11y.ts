import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** WCAG 2.2 AA, every level below it included (issue 9). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Fails on ANY axe violation, whatever its impact, on the page as it is now. The message lists
 * each rule with its impact and the selectors of the offending nodes, so a failure says what to
 * fix without opening the trace. `label` names the state in that message ("board, dark, en").
 *
 * `exclude` takes selectors of single nodes that are real false positives; every caller that
 * passes one says why next to it.
 */
export async function expectNoAxeViolations(
	page: Page,
	label: string,
	{ exclude = [] }: { exclude?: string[] } = {}
) {
	let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
	for (const selector of exclude) builder = builder.exclude(selector);
	const { violations } = await builder.analyze();
	const lines = violations.flatMap((v) =>
		v.nodes.map(
			(n) =>
				`${v.id} [${v.impact}] ${n.target.join(' ')} — ${v.help}` +
				(n.failureSummary ? `\n    ${n.failureSummary.replace(/\n/g, '\n    ')}` : '')
		)
	);
	expect(lines, `axe violations on ${label} (${page.url()})`).toEqual([]);
}
