import type { Stage } from '../proposal/stages';

/**
 * Participation per branch over a period, for the managers' review and the library system's
 * social report: workshops held, people reached, first-time participants, notes, dots, proposals
 * born and adopted, and how long a proposal waited for a decision. Residents are counted as
 * distinct anonymous residents (one per phone), never summed across rows: someone who came to
 * two branches is one person in the municipio's and the system's totals.
 */

export interface HeldWorkshop {
	id: string;
	/** Null when it was held outside the libraries (a market, a town hall). */
	branchId: string | null;
	/** When it took place (a listening point: when it opened). */
	heldAt: Date;
}

export interface Attendance {
	workshopId: string;
	residentId: string;
	/** This was the resident's first workshop ever, anywhere in the system. */
	first: boolean;
}

export interface BornProposal {
	workshopId: string;
	stage: Stage;
	/** The first move to a final stage (adopted, archived), if any. */
	decidedAt: Date | null;
}

export interface ReportBranch {
	id: string;
	name: string;
	municipio: number | null;
}

export interface Figures {
	workshops: number;
	residents: number;
	firstTime: number;
	notes: number;
	dots: number;
	proposals: number;
	adopted: number;
	/** Median days from the workshop to the decision, over the proposals decided; null if none. */
	daysToDecision: number | null;
	decided: number;
}

export interface ParticipationRow {
	/** Null: the workshops held outside the libraries. */
	branch: ReportBranch | null;
	figures: Figures;
}

export interface ParticipationGroup {
	municipio: number | null;
	rows: ParticipationRow[];
	figures: Figures;
}

export interface ParticipationReport {
	groups: ParticipationGroup[];
	/** Workshops held outside any branch: counted in the total, in no municipio. */
	elsewhere: Figures | null;
	total: Figures;
}

const DAY = 86_400_000;

export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Input {
	workshops: readonly HeldWorkshop[];
	attendance: readonly Attendance[];
	notes: ReadonlyMap<string, number>;
	dots: ReadonlyMap<string, number>;
	proposals: readonly BornProposal[];
	branches: readonly ReportBranch[];
}

function figuresOf(workshopIds: ReadonlySet<string>, input: Input): Figures {
	const held = input.workshops.filter((w) => workshopIds.has(w.id));
	const heldAt = new Map(held.map((w) => [w.id, w.heldAt.getTime()]));
	const residents = new Set<string>();
	const firstTime = new Set<string>();
	for (const a of input.attendance) {
		if (!workshopIds.has(a.workshopId)) continue;
		residents.add(a.residentId);
		if (a.first) firstTime.add(a.residentId);
	}
	let notes = 0;
	let dots = 0;
	for (const id of workshopIds) {
		notes += input.notes.get(id) ?? 0;
		dots += input.dots.get(id) ?? 0;
	}
	const born = input.proposals.filter((p) => workshopIds.has(p.workshopId));
	const waits = born.flatMap((p) =>
		p.decidedAt
			? [Math.max(0, Math.round((p.decidedAt.getTime() - heldAt.get(p.workshopId)!) / DAY))]
			: []
	);
	return {
		workshops: held.length,
		residents: residents.size,
		firstTime: firstTime.size,
		notes,
		dots,
		proposals: born.length,
		adopted: born.filter((p) => p.stage === 'adopted').length,
		daysToDecision: median(waits),
		decided: waits.length
	};
}

/** Every branch given gets a row, so that a branch without workshops in the period shows as such. */
export function buildParticipation(input: Input): ParticipationReport {
	const ofBranch = new Map<string | null, Set<string>>();
	for (const w of input.workshops) {
		const set = ofBranch.get(w.branchId) ?? new Set<string>();
		set.add(w.id);
		ofBranch.set(w.branchId, set);
	}
	const known = new Set(input.branches.map((b) => b.id));
	const groups = new Map<number | null, ParticipationRow[]>();
	for (const branch of input.branches) {
		const row = { branch, figures: figuresOf(ofBranch.get(branch.id) ?? new Set(), input) };
		const list = groups.get(branch.municipio);
		if (list) list.push(row);
		else groups.set(branch.municipio, [row]);
	}
	// Workshops at a branch not given (retired) count with those held elsewhere, never lost.
	const outside = new Set(
		input.workshops.filter((w) => w.branchId === null || !known.has(w.branchId)).map((w) => w.id)
	);
	return {
		groups: [...groups.entries()]
			.sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a - b))
			.map(([municipio, rows]) => {
				const ids = new Set<string>();
				for (const row of rows) for (const id of ofBranch.get(row.branch!.id) ?? []) ids.add(id);
				return { municipio, rows, figures: figuresOf(ids, input) };
			}),
		elsewhere: outside.size ? figuresOf(outside, input) : null,
		total: figuresOf(new Set(input.workshops.map((w) => w.id)), input)
	};
}
