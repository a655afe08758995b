/**
 * The authorisation matrix (issue 8): every route, endpoint, form action and live-document kind,
 * and what each kind of person gets from it. `tests/integration/access-matrix.test.ts` walks
 * `src/routes`, fails for any route, method or action missing here (or listed here but gone), then
 * asks the real server every row as every role and compares.
 *
 * Why here: it is the route-by-route statement of the rules in `access.ts` and
 * `collab/access.ts`, pure data with no imports, so it sits beside them where a reviewer reads
 * the rules; nothing in the app imports it. A new route is not done until it has a row.
 *
 * The fixtures the answers assume (the test builds them): workshop A is live with an open board,
 * a locked board, a process created by a manager and one proposal (stage `proposed`), and its
 * facilitator also runs a listening point in that process; workshop B is live in a process of its
 * own, run by another facilitator. Writes are asked after every page, each role in the order of
 * ROLES (admin last), so the one that acts for real (an admin retiring, then restoring) does so
 * after everyone was refused. Every `[param]` names something
 * of workshop A: `[workshopId]` A, `[boardId]` A's open board, `[proposalId]` A's proposal,
 * `[commentId]` a comment on it by A's participant, `[code]` A's join code, `[processId]` A's
 * process, `[userId]` a spare staff account, `[branchId]` a spare branch nobody uses,
 * `[serviceId]` a service, `[token]` a stop-link token that names nothing.
 */

export const ROLES = [
	'anonymous',
	/** A resident who joined workshop A. */
	'participant',
	/** A resident who joined workshop B only. */
	'participantElsewhere',
	/** The facilitator who runs workshop A. */
	'facilitator',
	/** A facilitator who runs workshop B only. */
	'facilitatorElsewhere',
	'manager',
	'admin'
] as const;
export type Role = (typeof ROLES)[number];

/**
 * An HTTP answer: the status, or `redirect <path>` for a 3xx to that path (query left out, the
 * fixtures' ids written as their `[param]`). `redirect /staff/sign-in` is "sign in first".
 */
export type HttpAnswer = number | `redirect /${string}`;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD';

export interface RouteAccess {
	/** The SvelteKit route id, groups included: the folder under `src/routes`. */
	route: string;
	/** GET for a page; the exported handler of a `+server.ts`; POST for a form action. */
	method: Method;
	/** A page's form action (`default` for the unnamed one); absent for pages and endpoints. */
	action?: string;
	/**
	 * What a write sends. Absent: an empty JSON object (endpoints) or an empty form (actions).
	 * Roles allowed past the access check then get it refused as bad input (400) or as not possible
	 * now (409), or accepted as a change of nothing (an empty PATCH): the matrix changes nothing it
	 * does not put back (`why` says where it does). Where a route judges the body before who sends
	 * it, a well-formed body is given instead. `none` sends no body (the request is the input).
	 */
	body?: 'none' | Record<string, string | number>;
	/**
	 * Runs after every other row and every socket: it ends or changes the session it is sent with
	 * (signing out), so nothing may come after it.
	 */
	last?: true;
	answers: Record<Role, HttpAnswer>;
	/** `[workshopId]` names workshop A's listening point instead of A (only it has a poster). */
	listeningPoint?: true;
	/** Why the answers are what they are, when it is not plain from the route. */
	why?: string;
}

/**
 * A live document's answer: admitted to `write` everything, to write `own-notes` only, or to
 * `read`; or the socket closed with 4401 (no session), 4403 (not allowed), 4404 (no such document).
 */
export type LiveAnswer = 'write' | 'own-notes' | 'read' | 4401 | 4403 | 4404;

export interface LiveAccess {
	/** The document kind, as in `collab/doc-name.ts`. */
	kind: 'board' | 'control' | 'proposal' | 'inbox' | 'held';
	/** Which document of workshop A is opened (for people reading the table). */
	document: string;
	/** Opens a document of this kind that does not exist (a fresh uuid) instead. */
	missing?: true;
	answers: Record<Role, LiveAnswer>;
}

const SIGN_IN: HttpAnswer = 'redirect /staff/sign-in';

/** The same answer for everyone. */
function everyone<A>(answer: A): Record<Role, A> {
	return Object.fromEntries(ROLES.map((role) => [role, answer])) as Record<Role, A>;
}

/** Residents and visitors get `outsiders`; staff as given. */
function staff(
	answers: Pick<
		Record<Role, HttpAnswer>,
		'facilitator' | 'facilitatorElsewhere' | 'manager' | 'admin'
	>,
	outsiders: HttpAnswer
): Record<Role, HttpAnswer> {
	return {
		anonymous: outsiders,
		participant: outsiders,
		participantElsewhere: outsiders,
		...answers
	};
}

/** Every member of staff gets `answer`; residents and visitors `outsiders`. */
function allStaff(answer: HttpAnswer, outsiders: HttpAnswer): Record<Role, HttpAnswer> {
	return staff(
		{ facilitator: answer, facilitatorElsewhere: answer, manager: answer, admin: answer },
		outsiders
	);
}

/**
 * Staff who may see workshop A (its facilitator, managers, admins) get `answer`; the facilitator
 * of workshop B `elsewhere`; residents and visitors `outsiders`.
 */
function workshopStaff(
	answer: HttpAnswer,
	elsewhere: HttpAnswer,
	outsiders: HttpAnswer
): Record<Role, HttpAnswer> {
	return staff(
		{ facilitator: answer, facilitatorElsewhere: elsewhere, manager: answer, admin: answer },
		outsiders
	);
}

/** Managers and admins get `answer`; facilitators are refused (403); the rest `outsiders`. */
function reviewers(answer: HttpAnswer, outsiders: HttpAnswer): Record<Role, HttpAnswer> {
	return staff(
		{ facilitator: 403, facilitatorElsewhere: 403, manager: answer, admin: answer },
		outsiders
	);
}

/**
 * A resident's own act on a public proposal (following, supporting, commenting): residents of any
 * workshop get `answer`; no session 401; staff are refused, they take part as staff.
 */
function residents(answer: HttpAnswer): Record<Role, HttpAnswer> {
	return { ...everyone(403), anonymous: 401, participant: answer, participantElsewhere: answer };
}

/** A staff page every member of staff may open; everyone else signs in first. */
const STAFF_PAGE = allStaff(200, SIGN_IN);
/** A staff form any member of staff may send, sent empty: past the check to the 400. */
const STAFF_FORM = allStaff(400, SIGN_IN);
/** A page about workshop A: its facilitator, managers and admins; other staff are told it does not exist. */
const WORKSHOP_PAGE = workshopStaff(200, 404, SIGN_IN);
/** A form about workshop A sent empty: who may see it gets the 400; other staff, as for the page. */
const WORKSHOP_FORM = workshopStaff(400, 404, SIGN_IN);
/** Managers and admins only (reviewing proposals); facilitators are refused. */
const REVIEW_PAGE = reviewers(200, SIGN_IN);
/** A reviewer's form sent empty: managers and admins get past the check to the 400. */
const REVIEW_FORM = reviewers(400, SIGN_IN);
/** An endpoint for managers and admins (exports, weights, the ranked list); no redirects in an API. */
const REVIEW_API = reviewers(200, 403);
/** Administration: admins only, who get `answer`. */
function admins(answer: HttpAnswer): Record<Role, HttpAnswer> {
	return staff(
		{ facilitator: 403, facilitatorElsewhere: 403, manager: 403, admin: answer },
		SIGN_IN
	);
}

/** An administration page. */
const ADMIN_PAGE = admins(200);
/** An admin's form action sent an empty form: admins get past the check to the 400. */
const ADMIN_ACTION = admins(400);

export const ROUTE_ACCESS: RouteAccess[] = [
	// Public and resident pages.
	{ route: '/(resident)', method: 'GET', answers: everyone(200) },
	{ route: '/(resident)', method: 'POST', action: 'default', answers: everyone(400) },
	{
		route: '/(resident)/j/[code]',
		method: 'GET',
		answers: { ...everyone(200), participant: 'redirect /room/[workshopId]' },
		why: 'Who already joined goes straight back to the room.'
	},
	{
		route: '/(resident)/j/[code]',
		method: 'POST',
		action: 'default',
		answers: { ...everyone(400), participant: 'redirect /room/[workshopId]' }
	},
	{ route: '/(resident)/le-mie-idee', method: 'GET', answers: everyone(200) },
	{
		route: '/(resident)/le-mie-idee',
		method: 'POST',
		action: 'contact',
		answers: everyone(403),
		why:
			'Off without SMTP_URL (the test server has none; it would need ORIGIN too): refused to all. ' +
			'With it: resident sessions only, as for withdraw below.'
	},
	{
		route: '/(resident)/le-mie-idee',
		method: 'POST',
		action: 'withdraw',
		body: 'none',
		answers: { ...everyone(403), participant: 200, participantElsewhere: 200 },
		why: "Withdraws the resident's own consent, if any: harmless to repeat."
	},
	{
		route: '/(resident)/le-mie-idee',
		method: 'POST',
		action: 'erase',
		answers: { ...everyone(403), participant: 400, participantElsewhere: 400 },
		why: 'Erases only with the confirmation ticked: the empty form is refused and erases nothing.'
	},
	{
		route: '/(resident)/le-mie-idee/dati',
		method: 'GET',
		answers: { ...everyone(401), participant: 200, participantElsewhere: 200 },
		why: "A resident's own data, whoever they are; no resident session, nothing to give."
	},
	{
		route: '/(resident)/le-mie-idee/stop/[token]',
		method: 'GET',
		answers: everyone(200),
		why: 'The link in an email: the same page whatever the token, so tokens cannot be probed.'
	},
	{
		route: '/(resident)/le-mie-idee/stop/[token]',
		method: 'POST',
		action: 'default',
		answers: everyone(200)
	},
	{
		route: '/(resident)/room/[workshopId]',
		method: 'GET',
		answers: { ...everyone(403), participant: 200 },
		why: 'The room is for its participants; staff follow the workshop from /staff/run.'
	},
	{
		route: '/(resident)/room/[workshopId]',
		method: 'POST',
		action: 'default',
		answers: { ...everyone(403), participant: 400 }
	},
	{ route: '/(screen)/screen/[workshopId]', method: 'GET', answers: WORKSHOP_PAGE },
	{ route: '/(public)/privacy', method: 'GET', answers: everyone(200) },
	{ route: '/(public)/p/[proposalId]', method: 'GET', answers: everyone(200) },
	{ route: '/(public)/w/[workshopId]', method: 'GET', answers: everyone(200) },

	// Staff pages.
	{
		route: '/(staff)/staff/sign-in',
		method: 'GET',
		answers: allStaff('redirect /staff', 200)
	},
	{
		route: '/(staff)/staff/sign-in',
		method: 'POST',
		action: 'default',
		answers: allStaff('redirect /staff', 400)
	},
	{
		route: '/(staff)/staff/sign-out',
		method: 'POST',
		body: 'none',
		last: true,
		answers: everyone(SIGN_IN)
	},
	{ route: '/(staff)/staff/(app)', method: 'GET', answers: STAFF_PAGE },
	{
		route: '/(staff)/staff/(app)/admin',
		method: 'GET',
		answers: { ...ADMIN_PAGE, admin: 'redirect /staff/admin/users' }
	},
	{ route: '/(staff)/staff/(app)/admin/branches', method: 'GET', answers: ADMIN_PAGE },
	{ route: '/(staff)/staff/(app)/admin/branches/new', method: 'GET', answers: ADMIN_PAGE },
	{
		route: '/(staff)/staff/(app)/admin/branches/new',
		method: 'POST',
		action: 'default',
		answers: ADMIN_ACTION
	},
	{ route: '/(staff)/staff/(app)/admin/branches/[branchId]', method: 'GET', answers: ADMIN_PAGE },
	{
		route: '/(staff)/staff/(app)/admin/branches/[branchId]',
		method: 'POST',
		action: 'save',
		answers: ADMIN_ACTION
	},
	{
		route: '/(staff)/staff/(app)/admin/branches/[branchId]',
		method: 'POST',
		action: 'retire',
		answers: { ...ADMIN_ACTION, admin: 'redirect /staff/admin/branches/[branchId]' },
		why: 'Retires the spare branch; the next row restores it.'
	},
	{
		route: '/(staff)/staff/(app)/admin/branches/[branchId]',
		method: 'POST',
		action: 'restore',
		answers: { ...ADMIN_ACTION, admin: 'redirect /staff/admin/branches/[branchId]' }
	},
	{
		route: '/(staff)/staff/(app)/admin/branches/[branchId]',
		method: 'POST',
		action: 'delete',
		answers: { ...ADMIN_ACTION, admin: 'redirect /staff/admin/branches' },
		why: 'Deletes the spare branch: after every GET, and admin is asked last.'
	},
	{ route: '/(staff)/staff/(app)/admin/services', method: 'GET', answers: ADMIN_PAGE },
	{ route: '/(staff)/staff/(app)/admin/services/new', method: 'GET', answers: ADMIN_PAGE },
	{
		route: '/(staff)/staff/(app)/admin/services/new',
		method: 'POST',
		action: 'default',
		answers: ADMIN_ACTION
	},
	{ route: '/(staff)/staff/(app)/admin/services/[serviceId]', method: 'GET', answers: ADMIN_PAGE },
	{
		route: '/(staff)/staff/(app)/admin/services/[serviceId]',
		method: 'POST',
		action: 'save',
		answers: ADMIN_ACTION
	},
	{
		route: '/(staff)/staff/(app)/admin/services/[serviceId]',
		method: 'POST',
		action: 'retire',
		answers: { ...ADMIN_ACTION, admin: 'redirect /staff/admin/services/[serviceId]' },
		why: 'Retires the service; the next row restores it.'
	},
	{
		route: '/(staff)/staff/(app)/admin/services/[serviceId]',
		method: 'POST',
		action: 'restore',
		answers: { ...ADMIN_ACTION, admin: 'redirect /staff/admin/services/[serviceId]' }
	},
	{ route: '/(staff)/staff/(app)/admin/privacy', method: 'GET', answers: ADMIN_PAGE },
	{
		route: '/(staff)/staff/(app)/admin/privacy',
		method: 'POST',
		action: 'erase',
		answers: ADMIN_ACTION,
		why: 'The empty form names nobody and has no confirmation: refused, nothing erased.'
	},
	{
		route: '/(staff)/staff/(app)/admin/privacy/[participantId]/data',
		method: 'GET',
		answers: ADMIN_PAGE,
		why: "A participant's data on request: admins only."
	},
	{ route: '/(staff)/staff/(app)/admin/users', method: 'GET', answers: ADMIN_PAGE },
	{ route: '/(staff)/staff/(app)/admin/users/new', method: 'GET', answers: ADMIN_PAGE },
	{
		route: '/(staff)/staff/(app)/admin/users/new',
		method: 'POST',
		action: 'default',
		answers: ADMIN_ACTION
	},
	{ route: '/(staff)/staff/(app)/admin/users/[userId]', method: 'GET', answers: ADMIN_PAGE },
	{
		route: '/(staff)/staff/(app)/admin/users/[userId]',
		method: 'POST',
		action: 'role',
		answers: ADMIN_ACTION
	},
	{
		route: '/(staff)/staff/(app)/admin/users/[userId]',
		method: 'POST',
		action: 'disable',
		answers: { ...ADMIN_ACTION, admin: 'redirect /staff/admin/users/[userId]' },
		why: 'Disables the spare account; the next row enables it again.'
	},
	{
		route: '/(staff)/staff/(app)/admin/users/[userId]',
		method: 'POST',
		action: 'enable',
		answers: { ...ADMIN_ACTION, admin: 'redirect /staff/admin/users/[userId]' }
	},
	{
		route: '/(staff)/staff/(app)/admin/users/[userId]',
		method: 'POST',
		action: 'password',
		answers: ADMIN_ACTION,
		why: 'An empty new password is refused before anything changes.'
	},
	{
		route: '/(staff)/staff/(app)/admin/users/[userId]',
		method: 'POST',
		action: 'sessions',
		answers: { ...ADMIN_ACTION, admin: 'redirect /staff/admin/users/[userId]' },
		why: "Ends the spare account's sessions (it has none open): harmless to repeat."
	},
	{ route: '/(staff)/staff/(app)/account', method: 'GET', answers: STAFF_PAGE },
	{
		route: '/(staff)/staff/(app)/account',
		method: 'POST',
		action: 'password',
		answers: STAFF_FORM,
		why: 'Without the current password nothing changes.'
	},
	{ route: '/(staff)/staff/(app)/listening/new', method: 'GET', answers: STAFF_PAGE },
	{
		route: '/(staff)/staff/(app)/listening/new',
		method: 'POST',
		action: 'default',
		answers: STAFF_FORM
	},
	{ route: '/(staff)/staff/(app)/processes/new', method: 'GET', answers: STAFF_PAGE },
	{
		route: '/(staff)/staff/(app)/processes/new',
		method: 'POST',
		action: 'default',
		answers: STAFF_FORM
	},
	{ route: '/(staff)/staff/(app)/processes/[processId]', method: 'GET', answers: STAFF_PAGE },
	{
		route: '/(staff)/staff/(app)/processes/[processId]/edit',
		method: 'GET',
		answers: staff(
			{ facilitator: 404, facilitatorElsewhere: 404, manager: 200, admin: 200 },
			SIGN_IN
		),
		why: 'A manager created the process: its facilitators may read it, not edit it.'
	},
	{
		route: '/(staff)/staff/(app)/processes/[processId]/edit',
		method: 'POST',
		action: 'default',
		answers: staff(
			{ facilitator: 404, facilitatorElsewhere: 404, manager: 400, admin: 400 },
			SIGN_IN
		)
	},
	{ route: '/(staff)/staff/(app)/proposals', method: 'GET', answers: STAFF_PAGE },
	{ route: '/(staff)/staff/(app)/proposals/[proposalId]', method: 'GET', answers: WORKSHOP_PAGE },
	{
		route: '/(staff)/staff/(app)/proposals/[proposalId]',
		method: 'POST',
		action: 'save',
		answers: WORKSHOP_FORM
	},
	{
		route: '/(staff)/staff/(app)/proposals/[proposalId]',
		method: 'POST',
		action: 'rate',
		answers: REVIEW_FORM
	},
	{
		route: '/(staff)/staff/(app)/proposals/[proposalId]',
		method: 'POST',
		action: 'unrate',
		body: 'none',
		answers: reviewers(200, SIGN_IN)
	},
	{ route: '/(staff)/staff/(app)/review', method: 'GET', answers: REVIEW_PAGE },
	{
		route: '/(staff)/staff/(app)/review',
		method: 'POST',
		action: 'weights',
		answers: REVIEW_FORM
	},
	{
		route: '/(staff)/staff/(app)/review',
		method: 'POST',
		action: 'bulk',
		answers: REVIEW_FORM
	},
	{ route: '/(staff)/staff/(app)/review/board', method: 'GET', answers: REVIEW_PAGE },
	{ route: '/(staff)/staff/(app)/review/places', method: 'GET', answers: REVIEW_PAGE },
	{ route: '/(staff)/staff/(app)/workshops/new', method: 'GET', answers: STAFF_PAGE },
	{
		route: '/(staff)/staff/(app)/workshops/new',
		method: 'POST',
		action: 'default',
		answers: STAFF_FORM
	},
	{ route: '/(staff)/staff/(app)/workshops/[workshopId]', method: 'GET', answers: WORKSHOP_PAGE },
	{
		route: '/(staff)/staff/(app)/workshops/[workshopId]',
		method: 'POST',
		action: 'status',
		answers: workshopStaff(409, 404, SIGN_IN),
		why: 'No status given: not a change the workshop can make now (409), after the access check.'
	},
	...['applyTemplate', 'addActivity', 'moveActivity', 'renameActivity', 'removeActivity'].map(
		(action): RouteAccess => ({
			route: '/(staff)/staff/(app)/workshops/[workshopId]',
			method: 'POST',
			action,
			answers: WORKSHOP_FORM
		})
	),
	{
		route: '/(staff)/staff/(app)/workshops/[workshopId]/edit',
		method: 'GET',
		answers: WORKSHOP_PAGE
	},
	{
		route: '/(staff)/staff/(app)/workshops/[workshopId]/edit',
		method: 'POST',
		action: 'default',
		answers: WORKSHOP_FORM
	},
	{ route: '/(staff)/staff/review-print', method: 'GET', answers: REVIEW_PAGE },
	{ route: '/(staff)/staff/run/[workshopId]', method: 'GET', answers: WORKSHOP_PAGE },
	{
		route: '/(staff)/staff/workshops/[workshopId]/poster',
		method: 'GET',
		listeningPoint: true,
		answers: WORKSHOP_PAGE,
		why: 'Only a listening point has a poster: `[workshopId]` names A’s listening point here.'
	},
	{ route: '/(staff)/staff/workshops/[workshopId]/report', method: 'GET', answers: WORKSHOP_PAGE },

	// Endpoints.
	{ route: '/healthz', method: 'GET', answers: everyone(200) },
	{ route: '/language', method: 'POST', answers: everyone(400) },
	{ route: '/api/auth/sign-in', method: 'POST', answers: everyone(400) },
	{ route: '/api/auth/sign-out', method: 'POST', body: 'none', last: true, answers: everyone(200) },
	{ route: '/api/branches', method: 'GET', answers: everyone(200) },
	{ route: '/api/services', method: 'GET', answers: everyone(200) },
	{ route: '/api/time', method: 'GET', answers: everyone(200) },
	{ route: '/api/open-data/proposals.json', method: 'GET', answers: everyone(200) },
	{ route: '/api/open-data/proposals.json', method: 'OPTIONS', answers: everyone(204) },
	{
		route: '/api/participation.csv',
		method: 'GET',
		answers: REVIEW_API
	},
	{
		route: '/api/proposals.csv',
		method: 'GET',
		answers: REVIEW_API
	},
	{
		route: '/api/priority/weights',
		method: 'GET',
		answers: REVIEW_API
	},
	{
		route: '/api/priority/weights',
		method: 'PUT',
		answers: reviewers(400, 403)
	},
	{
		route: '/api/boards/[boardId]/cluster-suggestions',
		method: 'POST',
		body: 'none',
		answers: workshopStaff(200, 404, 403),
		why:
			'Reads the board and changes nothing. Staff of another workshop are told there is no such ' +
			'board, as by every board endpoint for staff (RELIABILITY.md case 36); residents 403.'
	},
	{
		route: '/api/boards/[boardId]/paper-votes',
		method: 'POST',
		body: { itemId: 'nessuna-nota', count: 1 },
		answers: workshopStaff(404, 404, 403),
		why:
			'A count for a note that does not exist: refused (404) after the access check. Staff of ' +
			'another workshop: 404 as for no board, like cluster suggestions and promoted notes.'
	},
	{
		route: '/api/boards/[boardId]/proposals',
		method: 'GET',
		answers: workshopStaff(200, 404, 404)
	},
	{
		route: '/api/boards/[boardId]/votes',
		method: 'GET',
		answers: { ...everyone(403), participant: 200 },
		why: "A participant's own votes and budget; staff see the tally on the board."
	},
	{
		route: '/api/boards/[boardId]/votes',
		method: 'POST',
		body: { itemId: 'nessuna-nota', delta: 1 },
		answers: { ...everyone(403), participant: 423 },
		why: 'Voting is not open on the board (423), which is decided after who votes (DESIGN.md §4).'
	},
	{
		route: '/api/proposals',
		method: 'GET',
		answers: REVIEW_API
	},
	{
		route: '/api/proposals',
		method: 'POST',
		answers: allStaff(400, 403)
	},
	{
		route: '/api/proposals/[proposalId]',
		method: 'GET',
		answers: everyone(200),
		why: 'Public fields for everyone; the staff fields only to staff who may edit it (checked apart).'
	},
	{
		route: '/api/proposals/[proposalId]',
		method: 'PATCH',
		answers: workshopStaff(200, 403, 403),
		why: 'An empty change: allowed, changes nothing.'
	},
	{ route: '/api/proposals/[proposalId]/comments', method: 'GET', answers: everyone(200) },
	{
		route: '/api/proposals/[proposalId]/comments',
		method: 'POST',
		answers: residents(400)
	},
	{
		route: '/api/proposals/[proposalId]/comments/[commentId]/hide',
		method: 'POST',
		answers: workshopStaff(400, 403, 403),
		why: 'No reason given: refused (400) after the access check.'
	},
	{ route: '/api/proposals/[proposalId]/follow', method: 'GET', answers: everyone(200) },
	{
		route: '/api/proposals/[proposalId]/follow',
		method: 'POST',
		body: 'none',
		answers: residents(200)
	},
	{
		route: '/api/proposals/[proposalId]/follow',
		method: 'DELETE',
		body: 'none',
		answers: residents(200)
	},
	{
		route: '/api/proposals/[proposalId]/rating',
		method: 'PUT',
		answers: reviewers(400, 403)
	},
	{
		route: '/api/proposals/[proposalId]/rating',
		method: 'DELETE',
		body: 'none',
		answers: REVIEW_API
	},
	{ route: '/api/proposals/[proposalId]/support', method: 'GET', answers: everyone(200) },
	{
		route: '/api/proposals/[proposalId]/support',
		method: 'POST',
		body: 'none',
		answers: residents(200)
	},
	{
		route: '/api/proposals/[proposalId]/support',
		method: 'DELETE',
		body: 'none',
		answers: residents(200)
	},
	{
		route: '/api/proposals/[proposalId]/transitions',
		method: 'POST',
		answers: reviewers(409, 403),
		why: 'No stage given: not a transition the stage rules allow (409), after the access check.'
	},
	{ route: '/api/workshops/[code]/join', method: 'POST', answers: everyone(400) },
	{
		route: '/api/workshops/[workshopId]',
		method: 'GET',
		answers: {
			anonymous: 403,
			participant: 200,
			participantElsewhere: 403,
			facilitator: 200,
			facilitatorElsewhere: 403,
			manager: 200,
			admin: 200
		}
	},
	{
		route: '/api/workshops/[workshopId]/actions',
		method: 'POST',
		answers: workshopStaff(400, 403, 403)
	}
];

/**
 * A live document of workshop A: its participant gets `participant`, the staff who may see A
 * `staff`; without a session 4401, and the people of workshop B are not allowed (4403).
 */
function workshopA(participant: LiveAnswer, staff: LiveAnswer): Record<Role, LiveAnswer> {
	return {
		...everyone<LiveAnswer>(4403),
		anonymous: 4401,
		participant,
		facilitator: staff,
		manager: staff,
		admin: staff
	};
}

/** Every kind of live document, opened on workshop A's (see `LiveAccess.document`). */
export const LIVE_ACCESS: LiveAccess[] = [
	{ kind: 'board', document: "A's open board", answers: workshopA('own-notes', 'write') },
	{ kind: 'control', document: 'workshop A', answers: workshopA('read', 'read') },
	{ kind: 'proposal', document: "A's proposal", answers: workshopA('read', 'write') },
	{
		kind: 'inbox',
		document: "A's participant's inbox on A's open board",
		answers: workshopA('own-notes', 'read')
	},
	{ kind: 'held', document: "A's open board's waiting notes", answers: workshopA(4403, 'read') },
	// No such document: only a session is checked first (4401), then everyone is told 4404.
	...(['board', 'control', 'proposal', 'inbox', 'held'] as const).map((kind): LiveAccess => ({
		kind,
		document: 'none (a fresh uuid)',
		missing: true,
		answers: { ...everyone<LiveAnswer>(4404), anonymous: 4401 }
	}))
];
