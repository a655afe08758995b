import { desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import {
	participants,
	proposalComments,
	proposalFollows,
	proposalSupports,
	proposals,
	residentContacts,
	votes,
	workshops
} from '../db/schema/index';
import { documentsOf, readNotes } from './documents';
import type { LiveDocuments } from './documents';
import { participationsOf } from './erase';

/**
 * Everything Piazza keeps about one resident, as one JSON document they can download from "le
 * mie idee" (or an admin on their behalf): each workshop they joined under which nickname, their
 * notes there (on the boards and still waiting), their dots, their supports, follows and comments,
 * and their email if they left one. Nothing about anyone else: other people's notes, names and
 * dots stay out, and proposals appear only by title and address.
 */

/** Bumped whenever a field is renamed or removed (adding one does not). */
export const EXPORT_VERSION = 1;

export interface ExportedNote {
	boardId: string;
	key: string;
	text: string;
	/** Empathy-map quadrant or section id, if any. */
	section: string | null;
	colour: string | null;
	/** ISO time the note was written. */
	createdAt: string | null;
	/** True while it waits for a facilitator (private mode or pre-moderation). */
	waiting: boolean;
}

export interface Export {
	format: 'piazza-participant-data';
	version: number;
	exportedAt: string;
	participations: {
		participantId: string;
		workshop: { id: string; title: string };
		nickname: string;
		joinedAt: string;
		lastSeenAt: string;
		notes: ExportedNote[];
		votes: { boardId: string; itemId: string; count: number }[];
	}[];
	supports: { proposalId: string; title: string; at: string }[];
	follows: { proposalId: string; title: string; at: string }[];
	comments: {
		proposalId: string;
		title: string;
		text: string;
		nickname: string;
		at: string;
		hidden: boolean;
	}[];
	contact: { email: string; consentedAt: string; consentVersion: string; language: string } | null;
}

export async function ofResident(
	ctx: { db: Database; live: LiveDocuments },
	residentId: string,
	now = new Date()
): Promise<Export> {
	const { db, live } = ctx;
	const rows = await db
		.select({
			participantId: participants.id,
			workshopId: participants.workshopId,
			title: workshops.title,
			nickname: participants.nickname,
			joinedAt: participants.createdAt,
			lastSeenAt: participants.lastSeenAt
		})
		.from(participants)
		.innerJoin(workshops, eq(workshops.id, participants.workshopId))
		.where(eq(participants.residentId, residentId))
		.orderBy(desc(participants.createdAt));
	const ids = rows.map((r) => r.participantId);
	const names = await documentsOf(db, await participationsOf(db, residentId));
	const notes = await readNotes(live, names, new Set(ids));
	const dots =
		ids.length === 0
			? []
			: await db
					.select({
						participantId: votes.participantId,
						boardId: votes.boardId,
						itemId: votes.itemId,
						count: votes.count
					})
					.from(votes)
					.where(inArray(votes.participantId, ids));

	const [supports, follows, comments, [contact]] = await Promise.all([
		db
			.select({ proposalId: proposals.id, title: proposals.title, at: proposalSupports.createdAt })
			.from(proposalSupports)
			.innerJoin(proposals, eq(proposals.id, proposalSupports.proposalId))
			.where(eq(proposalSupports.residentId, residentId)),
		db
			.select({ proposalId: proposals.id, title: proposals.title, at: proposalFollows.createdAt })
			.from(proposalFollows)
			.innerJoin(proposals, eq(proposals.id, proposalFollows.proposalId))
			.where(eq(proposalFollows.residentId, residentId)),
		db
			.select({
				proposalId: proposals.id,
				title: proposals.title,
				text: proposalComments.text,
				nickname: proposalComments.authorName,
				at: proposalComments.createdAt,
				hiddenAt: proposalComments.hiddenAt
			})
			.from(proposalComments)
			.innerJoin(proposals, eq(proposals.id, proposalComments.proposalId))
			.where(eq(proposalComments.residentId, residentId)),
		db.select().from(residentContacts).where(eq(residentContacts.residentId, residentId))
	]);

	return {
		format: 'piazza-participant-data',
		version: EXPORT_VERSION,
		exportedAt: now.toISOString(),
		participations: rows.map((row) => ({
			participantId: row.participantId,
			workshop: { id: row.workshopId, title: row.title },
			nickname: row.nickname,
			joinedAt: row.joinedAt.toISOString(),
			lastSeenAt: row.lastSeenAt.toISOString(),
			notes: notes
				.filter((n) => n.key.startsWith(`${row.participantId}:`))
				.map((n) => exportedNote(n.boardId, n.key, n.waiting, n.record)),
			votes: dots
				.filter((d) => d.participantId === row.participantId)
				.map(({ boardId, itemId, count }) => ({ boardId, itemId, count }))
		})),
		supports: supports.map((s) => ({ ...s, at: s.at.toISOString() })),
		follows: follows.map((f) => ({ ...f, at: f.at.toISOString() })),
		comments: comments.map((c) => ({
			proposalId: c.proposalId,
			title: c.title,
			text: c.text,
			nickname: c.nickname,
			at: c.at.toISOString(),
			hidden: c.hiddenAt !== null
		})),
		contact: contact
			? {
					email: contact.email,
					consentedAt: contact.consentedAt.toISOString(),
					consentVersion: contact.consentVersion,
					language: contact.locale
				}
			: null
	};
}

/** A note record from a document, reduced to plain fields whatever the document holds. */
function exportedNote(
	boardId: string,
	key: string,
	waiting: boolean,
	record: unknown
): ExportedNote {
	const r = (typeof record === 'object' && record !== null ? record : {}) as Record<
		string,
		unknown
	>;
	return {
		boardId,
		key,
		text: typeof r.text === 'string' ? r.text : '',
		section: typeof r.section === 'string' ? r.section : null,
		colour: typeof r.colour === 'string' ? r.colour : null,
		createdAt: typeof r.createdAt === 'number' ? new Date(r.createdAt).toISOString() : null,
		waiting
	};
}
