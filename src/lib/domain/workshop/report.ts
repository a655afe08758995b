import type { BoardContent } from '../proposal/provenance';
import type { Section } from '../board/sections';

/**
 * What a board comes to on paper, for the printable workshop report: its visible notes under
 * the section they were written in, and its clusters with their notes. Hidden notes stay out
 * (a facilitator hid them from the room; a printed sheet is read by more people, not fewer), and
 * so do nicknames: the report travels beyond the room, the pseudonyms need not.
 */

export interface ReportSection {
	/** The section's label; null for notes written outside any section. */
	label: string | null;
	notes: string[];
}

export interface ReportCluster {
	label: string;
	notes: string[];
}

export interface BoardReport {
	sections: ReportSection[];
	clusters: ReportCluster[];
	/** Notes shown in the report. */
	notes: number;
	/** Notes a facilitator hid, counted so the report says some were left out. */
	hidden: number;
}

export function reportBoard(content: BoardContent, sections: readonly Section[]): BoardReport {
	const visible = Object.entries(content.notes)
		.filter(([id]) => !content.moderation[id]?.hidden)
		.sort(([a, x], [b, y]) => x.createdAt - y.createdAt || (a < b ? -1 : 1));
	const known = new Set(sections.map((s) => s.id));
	const bySection: ReportSection[] = sections
		.map((s) => ({
			label: s.label,
			notes: visible.filter(([, n]) => n.section === s.id).map(([, n]) => n.text)
		}))
		.filter((s) => s.notes.length > 0);
	const loose = visible.filter(([, n]) => n.section === null || !known.has(n.section));
	if (loose.length) bySection.push({ label: null, notes: loose.map(([, n]) => n.text) });

	const clusters = Object.entries(content.clusters)
		.map(([id, cluster]) => ({
			label: cluster.label,
			notes: visible
				.filter(([noteId]) => content.layout[noteId]?.clusterId === id)
				.map(([, n]) => n.text)
		}))
		.sort((a, b) => b.notes.length - a.notes.length || a.label.localeCompare(b.label));
	return {
		sections: bySection,
		clusters,
		notes: visible.length,
		hidden: Object.keys(content.notes).length - visible.length
	};
}
