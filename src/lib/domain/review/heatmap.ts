import type { Stage } from '../proposal/stages';

/**
 * The branch × service heatmap of the managers' review: how many proposals concern each branch and
 * each service, of which stage, with the branches grouped by municipio. A proposal about two
 * branches and two services is counted in each of its four cells, but once in every total: totals
 * count proposals, not cells.
 */

export interface HeatmapPair {
	proposalId: string;
	stage: Stage;
	branchId: string;
	serviceSlug: string;
}

export interface HeatmapBranch {
	id: string;
	name: string;
	municipio: number | null;
}

export interface HeatmapService {
	slug: string;
	name: string;
}

export interface HeatmapCell {
	total: number;
	/** Only the stages present, in the order of `stageOrder`. */
	stages: { stage: Stage; count: number }[];
	/** 0 for an empty cell, then 1-4 by share of the fullest cell: the colour a reader compares. */
	level: 0 | 1 | 2 | 3 | 4;
}

export interface HeatmapRow {
	branch: HeatmapBranch;
	cells: HeatmapCell[];
	/** Distinct proposals concerning this branch (and one of the services shown). */
	total: number;
}

export interface HeatmapGroup {
	municipio: number | null;
	rows: HeatmapRow[];
	/** Distinct proposals over the group's branches. */
	total: number;
}

export interface Heatmap {
	/** Services with at least one proposal in the view, in the order given. */
	services: (HeatmapService & { total: number })[];
	/** Services offered by the system that no proposal of the view concerns. */
	quietServices: HeatmapService[];
	groups: HeatmapGroup[];
	/** The fullest cell's count, the scale's top. */
	max: number;
	/** Distinct proposals in the whole map. */
	total: number;
}

export function levelOf(count: number, max: number): HeatmapCell['level'] {
	if (count <= 0 || max <= 0) return 0;
	return Math.max(1, Math.min(4, Math.ceil((4 * count) / max))) as HeatmapCell['level'];
}

/**
 * Builds the map. Every branch given gets a row, with or without proposals, because a manager
 * looks for the gaps as much as for the crowds; pairs naming a branch or service not given are
 * ignored (retired ones, filtered out).
 */
export function buildHeatmap(
	pairs: readonly HeatmapPair[],
	branches: readonly HeatmapBranch[],
	services: readonly HeatmapService[],
	stageOrder: readonly Stage[]
): Heatmap {
	const branchIndex = new Map(branches.map((b) => [b.id, b]));
	const serviceIndex = new Map(services.map((s) => [s.slug, s]));
	const kept = pairs.filter((p) => branchIndex.has(p.branchId) && serviceIndex.has(p.serviceSlug));

	const cellProposals = new Map<string, Map<string, Stage>>();
	const byBranch = new Map<string, Set<string>>();
	const byService = new Map<string, Set<string>>();
	const all = new Set<string>();
	const add = <K>(map: Map<K, Set<string>>, key: K, id: string) => {
		let set = map.get(key);
		if (!set) map.set(key, (set = new Set()));
		set.add(id);
	};
	for (const p of kept) {
		const key = `${p.branchId}\u0000${p.serviceSlug}`;
		let cell = cellProposals.get(key);
		if (!cell) cellProposals.set(key, (cell = new Map()));
		cell.set(p.proposalId, p.stage);
		add(byBranch, p.branchId, p.proposalId);
		add(byService, p.serviceSlug, p.proposalId);
		all.add(p.proposalId);
	}

	const shown = services.filter((s) => byService.has(s.slug));
	let max = 0;
	for (const cell of cellProposals.values()) max = Math.max(max, cell.size);

	const groups = new Map<number | null, HeatmapRow[]>();
	for (const branch of branches) {
		const cells = shown.map((service): HeatmapCell => {
			const cell = cellProposals.get(`${branch.id}\u0000${service.slug}`);
			const counts = new Map<Stage, number>();
			for (const stage of cell?.values() ?? []) counts.set(stage, (counts.get(stage) ?? 0) + 1);
			const total = cell?.size ?? 0;
			return {
				total,
				stages: stageOrder.flatMap((stage) =>
					counts.has(stage) ? [{ stage, count: counts.get(stage)! }] : []
				),
				level: levelOf(total, max)
			};
		});
		const row = { branch, cells, total: byBranch.get(branch.id)?.size ?? 0 };
		const list = groups.get(branch.municipio);
		if (list) list.push(row);
		else groups.set(branch.municipio, [row]);
	}

	const ordered = [...groups.entries()].sort(([a], [b]) =>
		// Municipi in number order; branches serving none (the Bibliobus) last.
		a === null ? 1 : b === null ? -1 : a - b
	);
	return {
		services: shown.map((s) => ({ ...s, total: byService.get(s.slug)!.size })),
		quietServices: services.filter((s) => !byService.has(s.slug)),
		groups: ordered.map(([municipio, rows]) => {
			const ids = new Set<string>();
			for (const row of rows) for (const id of byBranch.get(row.branch.id) ?? []) ids.add(id);
			return { municipio, rows, total: ids.size };
		}),
		max,
		total: all.size
	};
}
