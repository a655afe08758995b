import { randomInt } from 'node:crypto';
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { can } from '../../domain/access';
import { isUuid } from '../../domain/ids';
import type { Actor } from '../../domain/access';
import { generateJoinCode } from '../../domain/join-code';
import { checkWorkshopInput } from '../../domain/planning';
import type { WorkshopField, WorkshopInput } from '../../domain/planning';
import { canChangeStatus, isWorkshopStatus, needsConfirmation } from '../../domain/workshop-status';
import type { Database } from '../db/client';
import {
	branches as branchTable,
	participants,
	processes as processTable,
	users as userTable,
	workshopFacilitators,
	workshops
} from '../db/schema/index';
import type { Denied, Outcome } from '../outcome';
import * as branches from '../reference/branches';
import * as users from '../staff/users';
import * as processes from './processes';

/**
 * Workshops as staff plan and run them: create, edit, move through draft → live → closed. Whoever
 * may not see a workshop is told it does not exist (RELIABILITY.md case 36).
 */

type Raw = Parameters<typeof checkWorkshopInput>[0];

/** A fresh code collides with an existing one about once in 887 million per existing workshop. */
const CODE_ATTEMPTS = 10;

/** Participants who joined, counted in the database. */
const participantCount = sql<number>`(
	select count(*) from ${participants} where ${participants.workshopId} = ${workshops.id}
)::int`;

/**
 * Everything the staff pages show about one workshop, or null if the actor may not see it, there
 * is no such workshop, or `id` is not even a uuid (straight from a URL: never sent to the database).
 */
export async function getForStaff(db: Database, actor: Actor, id: string) {
	if (!isUuid(id)) return null;
	const [row] = await db
		.select({
			id: workshops.id,
			processId: workshops.processId,
			processTitle: processTable.title,
			title: workshops.title,
			code: workshops.code,
			status: workshops.status,
			startsAt: workshops.startsAt,
			branchId: workshops.branchId,
			branchName: branchTable.name,
			branchRetired: sql<boolean>`${branchTable.retiredAt} is not null`,
			placeText: workshops.placeText,
			welcomeText: workshops.welcomeText,
			participants: participantCount
		})
		.from(workshops)
		.innerJoin(processTable, eq(processTable.id, workshops.processId))
		.leftJoin(branchTable, eq(branchTable.id, workshops.branchId))
		.where(eq(workshops.id, id))
		.limit(1);
	if (!row) return null;
	const facilitators = await db
		.select({ id: userTable.id, name: userTable.name })
		.from(workshopFacilitators)
		.innerJoin(userTable, eq(userTable.id, workshopFacilitators.userId))
		.where(eq(workshopFacilitators.workshopId, id))
		.orderBy(asc(sql`lower(${userTable.name})`));
	const facilitatorIds = facilitators.map((f) => f.id);
	if (!can(actor, 'workshop:view', { facilitatorIds })) return null;
	return { ...row, facilitators, canEdit: can(actor, 'workshop:edit', { facilitatorIds }) };
}

export type WorkshopDetails = NonNullable<Awaited<ReturnType<typeof getForStaff>>>;

/** Checks what only the database knows: the process exists, the branch and the people may be chosen. */
async function referenceErrors(
	db: Database,
	value: WorkshopInput,
	keep: { branchId: string | null; facilitatorIds: string[] }
) {
	const errors: Partial<Record<WorkshopField, string>> = {};
	if (!(await processes.exists(db, value.processId))) errors.processId = 'required';
	if (
		value.branchId &&
		!(await branches.areSelectable(db, [value.branchId], keep.branchId ? [keep.branchId] : []))
	) {
		errors.branchId = 'invalid';
	}
	if (!(await users.areAssignable(db, value.facilitatorIds, keep.facilitatorIds))) {
		errors.facilitatorIds = 'invalid';
	}
	return Object.keys(errors).length > 0 ? errors : null;
}

/**
 * Creates a workshop as a draft with a fresh join code. Codes are unique forever (a column
 * constraint), so a collision is simply retried with another code.
 */
export async function create(
	db: Database,
	actor: Actor,
	raw: Raw,
	timeZone: string
): Promise<Outcome<WorkshopField, { id: string; code: string }> | Denied> {
	if (!can(actor, 'workshop:create')) return { ok: false, denied: true };
	const checked = checkWorkshopInput(raw, timeZone);
	if (!checked.ok) return checked;
	const value = checked.value;
	const errors = await referenceErrors(db, value, { branchId: null, facilitatorIds: [] });
	if (errors) return { ok: false, errors };

	const created = await db.transaction(async (tx) => {
		for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
			const code = generateJoinCode(randomInt);
			const [row] = await tx
				.insert(workshops)
				.values({
					processId: value.processId,
					title: value.title,
					code,
					status: 'draft',
					startsAt: value.startsAt,
					branchId: value.branchId,
					placeText: value.placeText,
					welcomeText: value.welcomeText,
					createdBy: actor.id
				})
				// Only a clash on the code is expected here; anything else is a real error.
				.onConflictDoNothing({ target: workshops.code })
				.returning({ id: workshops.id, code: workshops.code });
			if (!row) continue;
			await tx
				.insert(workshopFacilitators)
				.values(value.facilitatorIds.map((userId) => ({ workshopId: row.id, userId })));
			return row;
		}
		throw new Error(`No free join code after ${CODE_ATTEMPTS} attempts.`);
	});
	return { ok: true, ...created };
}

/** Saves an edited workshop. Its code and status are not part of the form. */
export async function update(
	db: Database,
	actor: Actor,
	id: string,
	raw: Raw,
	timeZone: string
): Promise<Outcome<WorkshopField> | Denied> {
	const current = await getForStaff(db, actor, id);
	if (!current || !current.canEdit) return { ok: false, denied: true };
	const checked = checkWorkshopInput(raw, timeZone);
	if (!checked.ok) return checked;
	const value = checked.value;
	const errors = await referenceErrors(db, value, {
		branchId: current.branchId,
		facilitatorIds: current.facilitators.map((f) => f.id)
	});
	if (errors) return { ok: false, errors };
	await db.transaction(async (tx) => {
		await tx
			.update(workshops)
			.set({
				processId: value.processId,
				title: value.title,
				startsAt: value.startsAt,
				branchId: value.branchId,
				placeText: value.placeText,
				welcomeText: value.welcomeText,
				updatedAt: new Date()
			})
			.where(eq(workshops.id, id));
		await tx
			.delete(workshopFacilitators)
			.where(
				and(
					eq(workshopFacilitators.workshopId, id),
					notInArray(workshopFacilitators.userId, value.facilitatorIds)
				)
			);
		await tx
			.insert(workshopFacilitators)
			.values(value.facilitatorIds.map((userId) => ({ workshopId: id, userId })))
			.onConflictDoNothing();
	});
	return { ok: true };
}

export type StatusProblem = 'not-found' | 'not-possible' | 'needs-confirmation';

/**
 * Moves a workshop one step along draft → live → closed. The update names the status it expects
 * to leave, so two facilitators pressing at once cannot skip a step.
 */
export async function setStatus(
	db: Database,
	actor: Actor,
	id: string,
	to: unknown,
	confirmed: boolean
): Promise<{ ok: true } | { ok: false; problem: StatusProblem }> {
	const current = await getForStaff(db, actor, id);
	if (!current || !current.canEdit) return { ok: false, problem: 'not-found' };
	if (!isWorkshopStatus(to) || !canChangeStatus(current.status, to)) {
		return { ok: false, problem: 'not-possible' };
	}
	if (needsConfirmation(to) && !confirmed) return { ok: false, problem: 'needs-confirmation' };
	const updated = await db
		.update(workshops)
		.set({
			status: to,
			updatedAt: new Date(),
			closedAt: to === 'closed' ? sql`now()` : workshops.closedAt
		})
		.where(and(eq(workshops.id, id), eq(workshops.status, current.status)))
		.returning({ id: workshops.id });
	return updated.length > 0 ? { ok: true } : { ok: false, problem: 'not-possible' };
}

/**
 * The staff dashboard: every process with its branches and the workshops the actor may see
 * (facilitators see their own; managers and admins all), plus how many others colleagues run.
 */
export async function overview(db: Database, actor: Actor) {
	const processRows = await db
		.select({
			id: processTable.id,
			title: processTable.title,
			challenge: processTable.challenge,
			createdBy: processTable.createdBy
		})
		.from(processTable)
		.orderBy(sql`${processTable.createdAt} desc`, asc(processTable.title));
	const processIds = processRows.map((p) => p.id);
	const branchesByProcess = await processes.branchesOf(db, processIds);

	const workshopRows =
		processIds.length === 0
			? []
			: await db
					.select({
						id: workshops.id,
						processId: workshops.processId,
						title: workshops.title,
						code: workshops.code,
						status: workshops.status,
						startsAt: workshops.startsAt,
						branchName: branchTable.name,
						placeText: workshops.placeText,
						format: workshops.format,
						opensAt: workshops.opensAt,
						participants: participantCount
					})
					.from(workshops)
					.leftJoin(branchTable, eq(branchTable.id, workshops.branchId))
					.where(inArray(workshops.processId, processIds))
					.orderBy(sql`${workshops.startsAt} asc nulls last`, asc(workshops.title));
	const facilitatorRows =
		workshopRows.length === 0
			? []
			: await db
					.select({
						workshopId: workshopFacilitators.workshopId,
						userId: workshopFacilitators.userId
					})
					.from(workshopFacilitators)
					.where(
						inArray(
							workshopFacilitators.workshopId,
							workshopRows.map((w) => w.id)
						)
					);
	const facilitatorsOf = new Map<string, string[]>();
	for (const { workshopId, userId } of facilitatorRows) {
		facilitatorsOf.set(workshopId, [...(facilitatorsOf.get(workshopId) ?? []), userId]);
	}

	return processRows.map((process) => {
		const all = workshopRows.filter((w) => w.processId === process.id);
		const visible = all.filter((w) =>
			can(actor, 'workshop:view', { facilitatorIds: facilitatorsOf.get(w.id) ?? [] })
		);
		return {
			id: process.id,
			title: process.title,
			challenge: process.challenge,
			canEdit: can(actor, 'process:edit', { createdBy: process.createdBy }),
			branches: branchesByProcess.get(process.id) ?? [],
			workshops: visible,
			hiddenWorkshops: all.length - visible.length
		};
	});
}
