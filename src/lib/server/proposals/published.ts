import { asc, desc, eq, inArray } from 'drizzle-orm';
import { isUuid } from '../../domain/ids';
import type { Stage } from '../../domain/proposal/stages';
import type { Database } from '../db/client';
import { branches, proposalEvents, proposals } from '../db/schema/index';
import type { Runtime } from '../runtime';
import * as details from '../workshops/details';
import * as descriptions from './description';
import type { Description } from './description';
import * as read from './read';
import type { Locale, PublicProposal } from './read';

/**
 * What anyone may read about proposals, without signing in: the page of one proposal
 * (`/p/<id>`), the proposals born from a workshop (`/w/<id>`), and the open-data list. Everything
 * here starts from `read.get` as a visitor, so the staff fields (tags, owner, hidden comments)
 * cannot reach a public page by mistake, whoever is signed in.
 */

const VISITOR = { user: null, residentId: null };

/** The workshop a proposal came from, as its public page shows it. */
export interface Origin {
	id: string;
	title: string;
	startsAt: Date | null;
	branch: { name: string; municipio: number | null } | null;
	place: string | null;
}

export interface ProposalPage {
	proposal: PublicProposal;
	description: Description;
	/** The workshop, while it exists (its title is also kept in the provenance). */
	workshop: Origin | null;
	/** The plan's pilot library, by name. */
	pilotBranch: { name: string } | null;
}

async function branchName(db: Database, id: string | undefined) {
	if (!id || !isUuid(id)) return null;
	const [row] = await db
		.select({ name: branches.name })
		.from(branches)
		.where(eq(branches.id, id))
		.limit(1);
	return row ?? null;
}

export async function page(
	runtime: Runtime,
	proposalId: string,
	locale: Locale
): Promise<ProposalPage | null> {
	const db = runtime.database.db;
	const found = await read.get(db, VISITOR, proposalId, locale);
	if (!found.ok) return null;
	const proposal = found.proposal;
	const [description, workshop, pilotBranch] = await Promise.all([
		descriptions.read(runtime, proposal.id),
		details.get(db, proposal.provenance.workshopId),
		branchName(db, proposal.plan?.pilotBranchId)
	]);
	return {
		proposal,
		description,
		workshop: workshop && {
			id: workshop.id,
			title: workshop.title,
			startsAt: workshop.startsAt,
			branch: workshop.branch && {
				name: workshop.branch.name,
				municipio: workshop.branch.municipio
			},
			place: workshop.place
		},
		pilotBranch
	};
}

/** A proposal as the workshop's page lists it. */
export interface WorkshopProposal {
	id: string;
	title: string;
	stage: Stage;
	/** The last thing that happened to it (a stage change, an edit, a merge), ISO time. */
	lastChangeAt: string;
	/** Proposals merged into another one show where they went. */
	mergedInto: { id: string; title: string } | null;
}

/** The proposals born from a workshop, the ones that went furthest first, then by title. */
export async function forWorkshop(db: Database, workshopId: string): Promise<WorkshopProposal[]> {
	if (!isUuid(workshopId)) return [];
	const rows = await db
		.select({
			id: proposals.id,
			title: proposals.title,
			stage: proposals.stage,
			createdAt: proposals.createdAt,
			mergedIntoId: proposals.mergedIntoId
		})
		.from(proposals)
		.where(eq(proposals.workshopId, workshopId.toLowerCase()))
		.orderBy(asc(proposals.title));
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const [events, targets] = await Promise.all([
		db
			.select({ proposalId: proposalEvents.proposalId, at: proposalEvents.at })
			.from(proposalEvents)
			.where(inArray(proposalEvents.proposalId, ids))
			.orderBy(desc(proposalEvents.at)),
		(() => {
			const targetIds = rows.flatMap((r) => (r.mergedIntoId ? [r.mergedIntoId] : []));
			return targetIds.length === 0
				? Promise.resolve([])
				: db
						.select({ id: proposals.id, title: proposals.title })
						.from(proposals)
						.where(inArray(proposals.id, targetIds));
		})()
	]);
	const last = new Map<string, Date>();
	for (const event of events) if (!last.has(event.proposalId)) last.set(event.proposalId, event.at);
	const titles = new Map(targets.map((t) => [t.id, t.title]));
	const order: Record<Stage, number> = {
		adopted: 0,
		evaluating: 1,
		prototyping: 2,
		shortlisted: 3,
		proposed: 4,
		merged: 5,
		archived: 6
	};
	return rows
		.map((r) => ({
			id: r.id,
			title: r.title,
			stage: r.stage,
			lastChangeAt: (last.get(r.id) ?? r.createdAt).toISOString(),
			mergedInto: r.mergedIntoId
				? { id: r.mergedIntoId, title: titles.get(r.mergedIntoId) ?? '' }
				: null
		}))
		.sort((a, b) => order[a.stage] - order[b.stage]);
}

/** The version of the open-data shape; a change that is not an addition raises it. */
export const OPEN_DATA_VERSION = 1;

/**
 * `GET /api/open-data/proposals.json`: every proposal's public fields, in a shape documented in
 * the README. No personal data: neither staff names nor residents' nicknames (the pages show those
 * in context; a bulk file under an open licence is copied beyond anyone's reach to correct).
 */
export async function openData(runtime: Runtime, locale: Locale, origin: string) {
	const db = runtime.database.db;
	const ids = (
		await db
			.select({ id: proposals.id })
			.from(proposals)
			.orderBy(asc(proposals.createdAt), asc(proposals.id))
	).map((r) => r.id);
	const texts = await descriptions.readMany(runtime, ids);
	const pilotNames = new Map(
		(await db.select({ id: branches.id, name: branches.name }).from(branches)).map((b) => [
			b.id,
			b.name
		])
	);
	const items = [];
	for (const id of ids) {
		const found = await read.get(db, VISITOR, id, locale);
		if (!found.ok) continue; // deleted since the list was read
		const p = found.proposal;
		const description = texts.get(id) ?? { html: '', text: '' };
		items.push({
			id: p.id,
			url: `${origin}/p/${p.id}`,
			title: p.title,
			problem: p.problem,
			stage: p.stage,
			createdAt: p.createdAt,
			stageChangedAt: p.stageChangedAt,
			description: { text: description.text, html: description.html },
			branches: p.branches.map((b) => ({
				id: b.id,
				slug: b.slug,
				name: b.name,
				municipio: b.municipio
			})),
			services: p.services.map((s) => ({ slug: s.slug, name: s.name })),
			targetGroups: p.targetGroups,
			workshop: {
				id: p.provenance.workshopId,
				title: p.provenance.workshopTitle,
				url: `${origin}/w/${p.provenance.workshopId}`
			},
			origin: {
				prompt: p.provenance.prompt,
				cluster: p.provenance.cluster ? p.provenance.cluster.label : null,
				notes: p.provenance.notes.map((n) => ({ text: n.text, fromPaper: n.fromPaper })),
				votes: p.provenance.votes,
				paperVotes: p.provenance.paperVotes,
				participants: p.provenance.participants
			},
			plan: p.plan && {
				pilotBranch: {
					id: p.plan.pilotBranchId,
					name: pilotNames.get(p.plan.pilotBranchId) ?? null
				},
				startsOn: p.plan.startsOn,
				endsOn: p.plan.endsOn,
				hypothesis: p.plan.hypothesis,
				measures: p.plan.measures
			},
			evaluation: p.evaluation,
			archivedReason: p.archivedReason,
			mergedInto: p.mergedInto && p.mergedInto.id,
			mergedFrom: p.mergedFrom.map((m) => m.id),
			supports: p.supports,
			timeline: p.timeline.map((e) => ({
				at: e.at,
				kind: e.kind,
				from: e.from,
				to: e.to,
				note: e.note,
				other: e.other && e.other.id
			}))
		});
	}
	return {
		version: OPEN_DATA_VERSION,
		generatedAt: new Date().toISOString(),
		language: locale,
		proposals: items
	};
}

export type OpenData = Awaited<ReturnType<typeof openData>>;
