import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import { users, residents } from './people';
import { branches } from './reference';
import { oneOf } from './checks';

export const processStatuses = ['active', 'closed'] as const;

/** A participatory process (percorso partecipato): one design challenge over time. */
export const processes = pgTable(
	'processes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** Public title, e.g. "La biblioteca che vorrei — Dergano". */
		title: text('title').notNull(),
		/** The design challenge in a few sentences, shown to residents and staff. */
		challenge: text('challenge').notNull().default(''),
		/** active | closed. */
		status: text('status', { enum: processStatuses }).notNull().default('active'),
		/** Staff member who created it; kept if the account is later disabled. */
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		/** When it was created. */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** Last edit of its fields. */
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('processes_status', oneOf(t.status, processStatuses))]
);

/** The branches a process is scoped to. */
export const processBranches = pgTable(
	'process_branches',
	{
		/** The process. */
		processId: uuid('process_id')
			.notNull()
			.references(() => processes.id, { onDelete: 'cascade' }),
		/** One of its branches. Branches are retired, never deleted, once referenced. */
		branchId: uuid('branch_id')
			.notNull()
			.references(() => branches.id, { onDelete: 'restrict' })
	},
	(t) => [primaryKey({ columns: [t.processId, t.branchId] })]
);

export const workshopStatuses = ['draft', 'live', 'closed'] as const;
export type WorkshopStatus = (typeof workshopStatuses)[number];
/** session: a live workshop with a facilitator; listening-point: a board left open for days at a place. */
export const workshopFormats = ['session', 'listening-point'] as const;
export type WorkshopFormat = (typeof workshopFormats)[number];

/** One co-design session of a process. Residents join it with its code. */
export const workshops = pgTable(
	'workshops',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The process it belongs to. */
		processId: uuid('process_id')
			.notNull()
			.references(() => processes.id, { onDelete: 'restrict' }),
		/** Public title, shown on residents' phones. */
		title: text('title').notNull(),
		/** 6-character join code (unambiguous alphabet), upper case; unique forever so an old code never reaches a new workshop. */
		code: text('code').notNull().unique(),
		/** draft → live → closed. Closed workshops refuse joins with 410. */
		status: text('status', { enum: workshopStatuses }).notNull().default('draft'),
		/** When it is scheduled to start; null while not yet scheduled. */
		startsAt: timestamp('starts_at', { withTimezone: true }),
		/** The branch that hosts it, when it is held at a library. */
		branchId: uuid('branch_id').references(() => branches.id, { onDelete: 'restrict' }),
		/** Free-text place when it is held elsewhere (a market, a condominium, a school). */
		placeText: text('place_text'),
		/** The facilitator's welcome message on residents' waiting page. */
		welcomeText: text('welcome_text').notNull().default(''),
		/** Staff member who created it. */
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		/** When it was created. */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** Last edit of its fields. */
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		/** When it was closed; null unless status is closed. */
		closedAt: timestamp('closed_at', { withTimezone: true }),
		/**
		 * The activity everyone's screen follows (control document), or null before the facilitator
		 * picks one. Not a foreign key: activities reference workshops, and the control service
		 * clears it when its activity is removed.
		 */
		currentActivityId: uuid('current_activity_id'),
		/** Shared countdown: server time it reaches zero while running, else null. */
		timerEndsAt: timestamp('timer_ends_at', { withTimezone: true }),
		/** Shared countdown: ms left while paused, else null. */
		timerPausedMs: integer('timer_paused_ms'),
		/** Shared countdown: its whole length, ms (the next start without seconds runs it again). */
		timerDurationMs: integer('timer_duration_ms').notNull().default(300_000),
		/** session | listening-point (a board open for days, with no facilitator in the room). */
		format: text('format', { enum: workshopFormats }).notNull().default('session'),
		/** Listening points: the first day it is open, as printed on its poster; null for sessions. */
		opensAt: timestamp('opens_at', { withTimezone: true }),
		/** Listening points: from this instant its board takes no more notes; null for sessions. */
		closesAt: timestamp('closes_at', { withTimezone: true })
	},
	(t) => [
		check('workshops_status', oneOf(t.status, workshopStatuses)),
		check('workshops_format', oneOf(t.format, workshopFormats)),
		check(
			'workshops_listening_window',
			sql`${t.format} <> 'listening-point' or (${t.opensAt} is not null and ${t.closesAt} > ${t.opensAt})`
		),
		check('workshops_code_format', sql`${t.code} ~ '^[A-HJKMNP-Z2-9]{6}$'`),
		index('workshops_process_idx').on(t.processId)
	]
);

/** Staff who run a workshop (may act on its boards and control document). */
export const workshopFacilitators = pgTable(
	'workshop_facilitators',
	{
		/** The workshop. */
		workshopId: uuid('workshop_id')
			.notNull()
			.references(() => workshops.id, { onDelete: 'cascade' }),
		/** A staff member running it. */
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.workshopId, t.userId] })]
);

export const boardKinds = ['empathy-map', 'idea-wall', 'canvas'] as const;
export type BoardKind = (typeof boardKinds)[number];
export const boardPhases = ['open', 'locked'] as const;
export type BoardPhase = (typeof boardPhases)[number];
export const votingStates = ['closed', 'open', 'revealed'] as const;
export type VotingState = (typeof votingStates)[number];

/**
 * A live canvas (`board:<id>` document). Its phase and voting settings live here, in SQL, because
 * the server decides on them; the document only mirrors them for display.
 */
export const boards = pgTable(
	'boards',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The workshop whose participants may read and write it. */
		workshopId: uuid('workshop_id')
			.notNull()
			.references(() => workshops.id, { onDelete: 'cascade' }),
		/** empathy-map | idea-wall | canvas: the document's template. */
		kind: text('kind', { enum: boardKinds }).notNull(),
		/** The question residents answer ("Come potremmo…?"). */
		prompt: text('prompt').notNull().default(''),
		/** open: residents write; locked: read-only for residents. */
		phase: text('phase', { enum: boardPhases }).notNull().default('locked'),
		/** closed | open | revealed. */
		votingState: text('voting_state', { enum: votingStates }).notNull().default('closed'),
		/** Dots each participant may place on this board. */
		voteBudget: integer('vote_budget').notNull().default(3),
		/** Most dots one participant may put on one item; null means up to the budget. */
		maxVotesPerItem: integer('max_votes_per_item'),
		/** While on, residents' notes reach only facilitators (against anchoring). */
		privateMode: boolean('private_mode').notNull().default(false),
		/** While on, residents' notes wait for a facilitator's approval before others see them. */
		premoderation: boolean('premoderation').notNull().default(false),
		/** When it was created. */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('boards_kind', oneOf(t.kind, boardKinds)),
		check('boards_phase', oneOf(t.phase, boardPhases)),
		check('boards_voting_state', oneOf(t.votingState, votingStates)),
		check('boards_budget_range', sql`${t.voteBudget} between 1 and 100`),
		check(
			'boards_max_per_item_range',
			sql`${t.maxVotesPerItem} is null or ${t.maxVotesPerItem} between 1 and ${t.voteBudget}`
		),
		index('boards_workshop_idx').on(t.workshopId)
	]
);

export const activityKinds = [
	'empathy-map',
	'idea-wall',
	'clustering',
	'dot-voting',
	'canvas'
] as const;
export type ActivityKind = (typeof activityKinds)[number];
export const voteTargets = ['notes', 'clusters'] as const;
export type VoteTarget = (typeof voteTargets)[number];

/**
 * One step of a workshop's agenda. Clustering and dot voting work on an earlier activity's board
 * (same notes, not copies), so several activities may point at one board.
 */
export const activities = pgTable(
	'activities',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The workshop whose agenda it belongs to. */
		workshopId: uuid('workshop_id')
			.notNull()
			.references(() => workshops.id, { onDelete: 'cascade' }),
		/** Order in the agenda, from 0. */
		position: integer('position').notNull(),
		/** empathy-map | idea-wall | clustering | dot-voting | canvas. */
		kind: text('kind', { enum: activityKinds }).notNull(),
		/** Title shown in the agenda and on phones. */
		title: text('title').notNull(),
		/** The board it shows. */
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		/** Dot voting only: whether dots go on the board's notes or on its clusters. */
		voteOn: text('vote_on', { enum: voteTargets })
	},
	(t) => [
		check('activities_kind', oneOf(t.kind, activityKinds)),
		check('activities_vote_on', sql`${t.voteOn} is null or ${oneOf(t.voteOn, voteTargets)}`),
		index('activities_workshop_idx').on(t.workshopId, t.position)
	]
);

/**
 * Someone taking part in one workshop under a nickname: a resident (anonymous) or a staff member
 * who joined from a device.
 */
export const participants = pgTable(
	'participants',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** The workshop joined. */
		workshopId: uuid('workshop_id')
			.notNull()
			.references(() => workshops.id, { onDelete: 'cascade' }),
		/** The anonymous resident, for a resident's participation. */
		residentId: uuid('resident_id').references(() => residents.id, { onDelete: 'cascade' }),
		/** The staff member, when staff joined with the code. */
		userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
		/** Nickname chosen at join: NFC, no control or bidi characters, at most 40 characters. */
		nickname: text('nickname').notNull(),
		/** When they joined. */
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** Last time they joined or came back, for participation figures and retention. */
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
		/**
		 * When the nickname was removed (erasure on request, or the retention period ran out); the
		 * row stays, detached from the person, so that anonymous tallies and counts stay true.
		 */
		anonymisedAt: timestamp('anonymised_at', { withTimezone: true })
	},
	(t) => [
		check('participants_one_owner', sql`(${t.residentId} is null) <> (${t.userId} is null)`),
		unique('participants_workshop_resident').on(t.workshopId, t.residentId),
		unique('participants_workshop_user').on(t.workshopId, t.userId)
	]
);

/**
 * Dots a participant placed on one item (a note or a cluster) of a board. Who voted is kept only to
 * hold each person to their budget; every tally shown anywhere is anonymous.
 */
export const votes = pgTable(
	'votes',
	{
		/** The board voted on. */
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		/** Who placed the dots. */
		participantId: uuid('participant_id')
			.notNull()
			.references(() => participants.id, { onDelete: 'cascade' }),
		/** Note id or cluster id in the board document. */
		itemId: text('item_id').notNull(),
		/** Dots on the item, at least 1 (a row with none is deleted). */
		count: integer('count').notNull(),
		/** Last change. */
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.boardId, t.participantId, t.itemId] }),
		check('votes_count_positive', sql`${t.count} >= 1`),
		index('votes_board_item_idx').on(t.boardId, t.itemId)
	]
);

/** Dots counted on a paper sheet for one item, entered by staff: the room without phones counts too. */
export const paperVotes = pgTable(
	'paper_votes',
	{
		/** The board voted on. */
		boardId: uuid('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		/** Note id or cluster id in the board document. */
		itemId: text('item_id').notNull(),
		/** Dots counted on paper (replaces the previous count: entering a sheet twice never doubles it). */
		count: integer('count').notNull(),
		/** Staff member who entered it. */
		enteredBy: uuid('entered_by').references(() => users.id, { onDelete: 'set null' }),
		/** Last change. */
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.boardId, t.itemId] }),
		check('paper_votes_count_range', sql`${t.count} between 0 and 10000`)
	]
);
