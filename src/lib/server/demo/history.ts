import { eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { BOARD_SCHEMA_VERSION } from '../../domain/board/schema';
import { EMPATHY_SECTION_IDS } from '../../domain/board/sections';
import { PROPOSAL_TEXT_FIELD } from '../../domain/collab/doc-name';
import * as provenance from '../../domain/proposal/provenance';
import type { BoardContent, Provenance } from '../../domain/proposal/provenance';
import type { Evaluation, PrototypePlan, Stage } from '../../domain/proposal/stages';
import type { Database } from '../db/client';
import {
	activities,
	boards,
	branches,
	collabDocuments,
	paperVotes,
	participants,
	priorityWeights,
	processBranches,
	processes,
	proposalBranches,
	proposalComments,
	proposalEvents,
	proposalFollows,
	proposalRatings,
	proposalServices,
	proposalSources,
	proposalSupports,
	proposals,
	residents,
	services,
	users,
	votes,
	workshopFacilitators,
	workshops
} from '../db/schema/index';
import * as supportCounts from '../proposals/support-counts';
import { NICKNAMES, PROCESSES, PROPOSALS, WORKSHOPS } from './history-data';
import type { BoardSpec, ProposalSpec, WorkshopSpec } from './history-data';

/**
 * Writes the demo's year of history (history-data.ts) into a database that has the bare demo:
 * processes, closed workshops with their boards as live documents, participants and their dots,
 * proposals in every stage with their timelines, ratings, weights, supports, follows, comments.
 * Idempotent on its own: a database that already has the history is left as it is.
 */

const DAY = 86_400_000;
const EMPATHY_LABELS: Record<(typeof EMPATHY_SECTION_IDS)[number], string> = {
	says: 'Dice',
	thinks: 'Pensa',
	does: 'Fa',
	feels: 'Prova',
	pains: 'Difficoltà',
	gains: 'Desideri'
};
/** Residents of the demo: each workshop takes a run of them, so some come back to several. */
const RESIDENTS = 90;

interface SeededBoard {
	id: string;
	spec: BoardSpec;
	content: BoardContent;
	dots: provenance.Dots;
	clusterIds: Map<string, string>;
	noteIds: Map<string, string>;
}

interface SeededWorkshop {
	id: string;
	spec: WorkshopSpec;
	at: Date;
	processId: string;
	/** Participant ids, with the resident and nickname behind each. */
	people: { id: string; residentId: string; nickname: string }[];
	boards: SeededBoard[];
}

/** Evening of `daysAgo` days before `now`, 18:30 in Milan give or take the season. */
function dayAt(now: number, daysAgo: number): Date {
	const d = new Date(now - daysAgo * DAY);
	d.setUTCHours(17, 30, 0, 0);
	return d;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export async function seedHistory(db: Database, now = Date.now()): Promise<{ created: boolean }> {
	const [already] = await db
		.select({ id: processes.id })
		.from(processes)
		.where(eq(processes.title, PROCESSES[0]!.title));
	if (already) return { created: false };

	const staff = await db
		.select({ id: users.id, email: users.email, name: users.name })
		.from(users)
		.where(
			inArray(users.email, [
				'admin@example.org',
				'responsabile@example.org',
				'facilitatore@example.org'
			])
		);
	const person = (email: string) => {
		const found = staff.find((s) => s.email === email);
		if (!found) throw new Error(`Demo history: no staff account ${email}`);
		return found;
	};
	const admin = person('admin@example.org');
	const manager = person('responsabile@example.org');
	const facilitator = person('facilitatore@example.org');

	await db.transaction(async (tx) => {
		const branchRows = await tx.select({ id: branches.id, slug: branches.slug }).from(branches);
		const serviceRows = await tx.select({ id: services.id, slug: services.slug }).from(services);
		const branchId = (slug: string) => {
			const row = branchRows.find((b) => b.slug === slug);
			if (!row) throw new Error(`Demo history: reference data misses branch "${slug}"`);
			return row.id;
		};
		const serviceId = (slug: string) => {
			const row = serviceRows.find((s) => s.slug === slug);
			if (!row) throw new Error(`Demo history: reference data misses service "${slug}"`);
			return row.id;
		};

		const pool = await tx
			.insert(residents)
			.values(Array.from({ length: RESIDENTS }, (_, i) => ({ createdAt: dayAt(now, 340 - i * 3) })))
			.returning({ id: residents.id });

		const processIds = new Map<string, string>();
		for (const spec of PROCESSES) {
			const [row] = await tx
				.insert(processes)
				.values({
					title: spec.title,
					challenge: spec.challenge,
					createdBy: manager.id,
					createdAt: dayAt(now, spec.daysAgo),
					updatedAt: dayAt(now, spec.daysAgo)
				})
				.returning({ id: processes.id });
			processIds.set(spec.key, row!.id);
			await tx
				.insert(processBranches)
				.values(spec.branches.map((slug) => ({ processId: row!.id, branchId: branchId(slug) })));
		}

		const seeded = new Map<string, SeededWorkshop>();
		for (const [index, spec] of WORKSHOPS.entries()) {
			const at = dayAt(now, spec.daysAgo);
			const listening = spec.format === 'listening-point';
			const closesAt = new Date(at.getTime() + 7 * DAY);
			const [workshop] = await tx
				.insert(workshops)
				.values({
					processId: processIds.get(spec.process)!,
					title: spec.title,
					code: spec.code,
					status: 'closed',
					startsAt: listening ? null : at,
					branchId: spec.branch ? branchId(spec.branch) : null,
					placeText: spec.place ?? null,
					format: listening ? 'listening-point' : 'session',
					opensAt: listening ? at : null,
					closesAt: listening ? closesAt : null,
					createdBy: facilitator.id,
					createdAt: new Date(at.getTime() - 14 * DAY),
					updatedAt: listening ? closesAt : at,
					closedAt: listening ? closesAt : new Date(at.getTime() + 2 * 3_600_000)
				})
				.returning({ id: workshops.id });
			const id = workshop!.id;
			await tx.insert(workshopFacilitators).values({ workshopId: id, userId: facilitator.id });

			const people = [];
			for (let i = 0; i < spec.people; i++) {
				const n = (index * 9 + i) % RESIDENTS;
				const [row] = await tx
					.insert(participants)
					.values({
						workshopId: id,
						residentId: pool[n]!.id,
						nickname: NICKNAMES[n % NICKNAMES.length]!,
						createdAt: new Date(at.getTime() + i * 60_000),
						lastSeenAt: new Date(at.getTime() + 90 * 60_000)
					})
					.returning({ id: participants.id });
				people.push({
					id: row!.id,
					residentId: pool[n]!.id,
					nickname: NICKNAMES[n % NICKNAMES.length]!
				});
			}

			const seededBoards: SeededBoard[] = [];
			for (const [position, boardSpec] of spec.boards.entries()) {
				const voted = boardSpec.notes.some((n) => n.dots || n.paper);
				const [board] = await tx
					.insert(boards)
					.values({
						workshopId: id,
						kind: boardSpec.kind,
						prompt: boardSpec.prompt,
						phase: 'locked',
						votingState: voted ? 'revealed' : 'closed',
						voteBudget: 5,
						createdAt: new Date(at.getTime() - 7 * DAY)
					})
					.returning({ id: boards.id });
				await tx.insert(activities).values({
					workshopId: id,
					position,
					kind: boardSpec.kind,
					title: boardSpec.title,
					boardId: board!.id
				});
				const written = writeBoard(board!.id, boardSpec, people, at);
				await tx
					.insert(collabDocuments)
					.values({ name: `board:${board!.id}`, snapshot: written.update, updatedAt: at });
				const dots = await placeDots(tx, board!.id, boardSpec, written.noteIds, people, at);
				seededBoards.push({ id: board!.id, spec: boardSpec, ...written, dots });
			}
			seeded.set(spec.code, {
				id,
				spec,
				at,
				processId: processIds.get(spec.process)!,
				people,
				boards: seededBoards
			});
		}

		const proposalIds = new Map<string, string>();
		for (const [index, spec] of PROPOSALS.entries()) {
			const workshop = seeded.get(spec.workshop)!;
			const id = await writeProposal(tx, spec, workshop, {
				now,
				branchId,
				serviceId,
				proposalIds,
				staff: { manager, facilitator }
			});
			proposalIds.set(spec.title, id);
			// Supporters and followers: the room first, then people from elsewhere in the system.
			const others = pool.filter((r) => !workshop.people.some((p) => p.residentId === r.id));
			const supporters = [
				...workshop.people.map((p) => p.residentId),
				...others.map((r) => r.id)
			].slice(index % 3, (index % 3) + spec.supports);
			if (supporters.length)
				await tx.insert(proposalSupports).values(
					supporters.map((residentId, i) => ({
						proposalId: id,
						residentId,
						createdAt: new Date(workshop.at.getTime() + (3 + i) * DAY)
					}))
				);
			const followers = workshop.people.slice(0, spec.follows).map((p) => p.residentId);
			if (followers.length)
				await tx.insert(proposalFollows).values(
					followers.map((residentId, i) => ({
						proposalId: id,
						residentId,
						createdAt: new Date(workshop.at.getTime() + (2 + i) * DAY)
					}))
				);
			for (const [i, text] of spec.comments.entries()) {
				const author = workshop.people[(i * 3) % workshop.people.length]!;
				await tx.insert(proposalComments).values({
					proposalId: id,
					residentId: author.residentId,
					authorName: author.nickname,
					text,
					createdAt: new Date(workshop.at.getTime() + (10 + i * 5) * DAY)
				});
			}
			const raters = [manager, admin];
			if (spec.ratings.length)
				await tx.insert(proposalRatings).values(
					spec.ratings.map(([impact, feasibility, cost], i) => ({
						proposalId: id,
						userId: raters[i]!.id,
						impact,
						feasibility,
						cost,
						updatedAt: new Date(workshop.at.getTime() + (20 + i) * DAY)
					}))
				);
		}

		await tx.insert(priorityWeights).values([
			{
				setAt: dayAt(now, 330),
				setBy: admin.id,
				setByName: admin.name,
				note: 'Pesi iniziali, concordati con i responsabili di zona',
				votes: 3,
				supports: 1,
				impact: 2,
				feasibility: 2,
				cost: 1,
				reach: 1
			},
			{
				setAt: dayAt(now, 45),
				setBy: manager.id,
				setByName: manager.name,
				note: 'I sostegni dei residenti dopo il laboratorio contano un po’ di più',
				votes: 3,
				supports: 1.5,
				impact: 2,
				feasibility: 2,
				cost: 1,
				reach: 1
			}
		]);
		// The supports above were written in bulk: count them once, as a resident's tap would.
		await supportCounts.recountAll(tx);
	});
	return { created: true };
}

/** A board's live document as the room left it: meta, notes, layout, clusters, moderation. */
function writeBoard(
	boardId: string,
	spec: BoardSpec,
	people: SeededWorkshop['people'],
	at: Date
): {
	update: Uint8Array;
	content: BoardContent;
	clusterIds: Map<string, string>;
	noteIds: Map<string, string>;
} {
	const doc = new Y.Doc();
	const meta = doc.getMap('meta');
	meta.set('schemaVersion', BOARD_SCHEMA_VERSION);
	meta.set('kind', spec.kind);
	meta.set('prompt', spec.prompt);
	if (spec.kind === 'empathy-map')
		meta.set(
			'sections',
			EMPATHY_SECTION_IDS.map((id) => ({ id, label: EMPATHY_LABELS[id] }))
		);
	const clusterIds = new Map<string, string>();
	const noteIds = new Map<string, string>();
	const colours = ['teal', 'violet', 'amber', 'rose', 'sky'];
	for (const [i, note] of spec.notes.entries()) {
		const author = people[i % people.length]!;
		const id = `${author.id}:demo${boardId.slice(0, 4)}n${String(i).padStart(2, '0')}`;
		noteIds.set(note.text, id);
		doc.getMap('notes').set(id, {
			authorId: author.id,
			authorName: author.nickname,
			text: note.text,
			section: note.section ?? null,
			colour: 'yellow',
			createdAt: at.getTime() + (10 + i) * 60_000
		});
		let clusterId: string | null = null;
		if (note.cluster) {
			clusterId = clusterIds.get(note.cluster) ?? null;
			if (!clusterId) {
				clusterId = `cluster${clusterIds.size + 1}${boardId.slice(0, 4)}`;
				clusterIds.set(note.cluster, clusterId);
				doc.getMap('clusters').set(clusterId, {
					label: note.cluster,
					x: 40 + 320 * (clusterIds.size - 1),
					y: 40,
					colour: colours[(clusterIds.size - 1) % colours.length]
				});
			}
		}
		doc
			.getMap('layout')
			.set(id, { x: 60 + 200 * (i % 4), y: 120 + 140 * Math.floor(i / 4), clusterId });
		if (note.hidden) doc.getMap('moderation').set(id, { hidden: true, reason: note.hidden });
	}
	return {
		update: Y.encodeStateAsUpdate(doc),
		content: {
			notes: doc.getMap('notes').toJSON() as BoardContent['notes'],
			layout: doc.getMap('layout').toJSON() as BoardContent['layout'],
			clusters: doc.getMap('clusters').toJSON() as BoardContent['clusters'],
			moderation: doc.getMap('moderation').toJSON() as BoardContent['moderation']
		},
		clusterIds,
		noteIds
	};
}

/** The room's dots, one row per person and note, going round the room; paper sheets apart. */
async function placeDots(
	tx: Database,
	boardId: string,
	spec: BoardSpec,
	noteIds: Map<string, string>,
	people: SeededWorkshop['people'],
	at: Date
): Promise<provenance.Dots> {
	const rows = new Map<string, { participantId: string; itemId: string; count: number }>();
	let turn = 0;
	const dots: provenance.Dots = { phone: {}, paper: {} };
	for (const note of spec.notes) {
		const itemId = noteIds.get(note.text)!;
		for (let d = 0; d < (note.dots ?? 0); d++) {
			const participantId = people[turn++ % people.length]!.id;
			const key = `${participantId} ${itemId}`;
			const row = rows.get(key) ?? { participantId, itemId, count: 0 };
			row.count++;
			rows.set(key, row);
		}
		if (note.dots) dots.phone[itemId] = note.dots;
		if (note.paper) dots.paper[itemId] = note.paper;
	}
	if (rows.size)
		await tx.insert(votes).values(
			[...rows.values()].map((row) => ({
				boardId,
				...row,
				updatedAt: new Date(at.getTime() + 75 * 60_000)
			}))
		);
	const paper = spec.notes.filter((n) => n.paper);
	if (paper.length)
		await tx
			.insert(paperVotes)
			.values(paper.map((n) => ({ boardId, itemId: noteIds.get(n.text)!, count: n.paper! })));
	return dots;
}

function descriptionUpdate(text: string): Uint8Array {
	const doc = new Y.Doc();
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	doc.getXmlFragment(PROPOSAL_TEXT_FIELD).insert(0, [paragraph]);
	return Y.encodeStateAsUpdate(doc);
}

/** A proposal promoted from its board, then moved through its stages with their evidence. */
async function writeProposal(
	tx: Database,
	spec: ProposalSpec,
	workshop: SeededWorkshop,
	context: {
		now: number;
		branchId: (slug: string) => string;
		serviceId: (slug: string) => string;
		proposalIds: Map<string, string>;
		staff: { manager: { id: string; name: string }; facilitator: { id: string; name: string } };
	}
): Promise<string> {
	const board = workshop.boards[spec.board]!;
	const picked = provenance.pick(
		board.content,
		spec.cluster
			? { clusterId: board.clusterIds.get(spec.cluster) }
			: { noteIds: (spec.notes ?? []).map((text) => board.noteIds.get(text)) }
	);
	if (!picked.ok)
		throw new Error(`Demo history: "${spec.title}" picks nothing (${picked.problem})`);
	const promotedAt = new Date(workshop.at.getTime() + DAY);
	const snapshot: Provenance = {
		workshopId: workshop.id,
		workshopTitle: workshop.spec.title,
		boardId: board.id,
		prompt: board.spec.prompt,
		cluster: picked.cluster,
		notes: picked.notes,
		...provenance.dotsFor(board.dots, picked.cluster, picked.notes),
		participants: workshop.people.length,
		promotedAt: promotedAt.toISOString()
	};

	// Walk the stages to know the final state and each event's evidence.
	const { manager, facilitator } = context.staff;
	let stage: Stage = 'proposed';
	let plan: PrototypePlan | null = null;
	let evaluation: Evaluation | null = null;
	let archivedReason: string | null = null;
	let mergedIntoId: string | null = null;
	let changedAt = promotedAt;
	const events: Omit<typeof proposalEvents.$inferInsert, 'proposalId'>[] = [];
	for (const move of spec.moves) {
		const at = dayAt(context.now, move.daysAgo);
		let movePlan: PrototypePlan | null = null;
		let moveEvaluation: Evaluation | null = null;
		if (move.to === 'prototyping' && spec.pilot) {
			movePlan = {
				pilotBranchId: context.branchId(spec.pilot.branch),
				startsOn: isoDay(new Date(at.getTime() + 7 * DAY)),
				endsOn: isoDay(new Date(at.getTime() + (7 + spec.pilot.days) * DAY)),
				hypothesis: spec.pilot.hypothesis,
				measures: spec.pilot.measures.map(([what, threshold]) => ({ what, threshold }))
			};
			plan = movePlan;
		}
		if (stage === 'evaluating' && move.to !== 'merged' && spec.outcome && plan) {
			moveEvaluation = {
				results: plan.measures.map((m, i) => ({
					...m,
					observed: spec.outcome!.observed[i] ?? '',
					met: spec.outcome!.met[i] ?? false
				})),
				feedback: spec.outcome.feedback,
				decision: move.to === 'adopted' ? 'adopt' : move.to === 'archived' ? 'stop' : 'iterate',
				why: spec.outcome.why
			};
			evaluation = moveEvaluation;
		}
		const otherId =
			move.to === 'merged' ? (context.proposalIds.get(spec.mergedInto ?? '') ?? null) : null;
		if (move.to === 'merged' && !otherId)
			throw new Error(`Demo history: "${spec.title}" merges into an unknown proposal`);
		events.push({
			at,
			kind: 'stage',
			actorId: manager.id,
			actorName: manager.name,
			fromStage: stage,
			toStage: move.to,
			note: move.note ?? '',
			plan: movePlan,
			evaluation: moveEvaluation,
			otherId
		});
		if (move.to === 'archived') archivedReason = move.note ?? moveEvaluation?.why ?? '';
		if (move.to === 'merged') mergedIntoId = otherId;
		stage = move.to;
		changedAt = at;
	}

	const [row] = await tx
		.insert(proposals)
		.values({
			workshopId: workshop.id,
			processId: workshop.processId,
			title: spec.title,
			problem: spec.problem,
			stage,
			targetGroups: spec.targetGroups,
			tags: spec.tags,
			ownerId: manager.id,
			provenance: snapshot,
			plan,
			evaluation,
			archivedReason,
			mergedIntoId,
			createdBy: facilitator.id,
			createdAt: promotedAt,
			updatedAt: changedAt,
			stageChangedAt: changedAt
		})
		.returning({ id: proposals.id });
	const id = row!.id;
	await tx
		.insert(proposalBranches)
		.values(spec.branches.map((slug) => ({ proposalId: id, branchId: context.branchId(slug) })));
	await tx
		.insert(proposalServices)
		.values(spec.services.map((slug) => ({ proposalId: id, serviceId: context.serviceId(slug) })));
	await tx.insert(proposalSources).values([
		...(snapshot.cluster
			? [{ proposalId: id, boardId: board.id, itemId: snapshot.cluster.id, participantId: null }]
			: []),
		...snapshot.notes.map((note) => ({
			proposalId: id,
			boardId: board.id,
			itemId: note.id,
			participantId: note.authorId
		}))
	]);
	await tx.insert(proposalEvents).values([
		{
			proposalId: id,
			at: promotedAt,
			kind: 'created',
			actorId: facilitator.id,
			actorName: facilitator.name,
			toStage: 'proposed'
		},
		...events.map((event) => ({ ...event, proposalId: id }))
	]);
	for (const event of events)
		if (event.otherId)
			await tx.insert(proposalEvents).values({
				proposalId: event.otherId,
				at: event.at,
				kind: 'merged-in',
				actorId: manager.id,
				actorName: manager.name,
				otherId: id
			});
	await tx.insert(collabDocuments).values({
		name: `proposal:${id}`,
		snapshot: descriptionUpdate(spec.description),
		updatedAt: promotedAt
	});
	return id;
}
