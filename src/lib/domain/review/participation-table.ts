import type { Cell } from '../csv';
import type { Figures, ParticipationReport } from './participation';

/**
 * The participation report as rows of a table (the CSV export of the places view): one row per
 * branch, a row per municipio with its own totals (residents counted once across its branches,
 * never summed), the workshops held elsewhere, and the system. `level` says which a row is, so a
 * spreadsheet can filter the branches alone without double counting.
 */

export type Level = 'branch' | 'municipio' | 'elsewhere' | 'system';

export interface Labels {
	header: readonly string[];
	level: Record<Level, string>;
	municipio: (n: number | null) => string;
	elsewhere: string;
	system: string;
	/** Days to a decision as the reader writes a decimal number. */
	days: (value: number) => string;
}

const FIGURES: (keyof Figures)[] = [
	'workshops',
	'residents',
	'firstTime',
	'notes',
	'dots',
	'proposals',
	'adopted',
	'decided',
	'daysToDecision'
];

/** The columns after level, municipio and branch, in the order of `FIGURES`. */
export const FIGURE_COLUMNS = FIGURES.length;

function figures(f: Figures, labels: Labels): Cell[] {
	return FIGURES.map((key) => {
		const value = f[key];
		if (value === null) return '';
		return key === 'daysToDecision' ? labels.days(value) : value;
	});
}

export function participationTable(report: ParticipationReport, labels: Labels): Cell[][] {
	const rows: Cell[][] = [[...labels.header]];
	for (const group of report.groups) {
		const municipio = labels.municipio(group.municipio);
		rows.push([labels.level.municipio, municipio, '', ...figures(group.figures, labels)]);
		for (const row of group.rows)
			rows.push([
				labels.level.branch,
				municipio,
				row.branch?.name ?? '',
				...figures(row.figures, labels)
			]);
	}
	if (report.elsewhere)
		rows.push([labels.level.elsewhere, '', labels.elsewhere, ...figures(report.elsewhere, labels)]);
	rows.push([labels.level.system, '', labels.system, ...figures(report.total, labels)]);
	return rows;
}
