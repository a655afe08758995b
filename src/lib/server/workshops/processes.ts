import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { can } from '../../domain/access';
import { isUuid } from '../../domain/ids';
import type { Actor } from '../../domain/access';
import { checkProcessInput } from '../../domain/planning';
import type { ProcessField } from '../../domain/planning';
import type { Database } from '../db/client';
import { branches as branchTable, processBranches, processes } from '../db/schema/index';
import type { Denied, Outcome } from '../outcome';
import * as branches from '../reference/branches';

/**
 * Participatory processes (percorsi): a challenge over time, scoped to one or more branches. Ids
 * come from URLs and forms: one that is not a uuid names no process and never reaches a query.
 */

type Raw = { title: unknown; challenge: unknown; branchIds: unknown };

/** Every process, newest first, for choosing the one a workshop belongs to. */
export async function listForSelect(db: Database) {
	return db
		.select({ id: processes.id, title: processes.title })
		.from(processes)
		.orderBy(desc(processes.createdAt), asc(processes.title));
}

async function find(db: Database, id: string) {
	if (!isUuid(id)) return null;
	const [row] = await db
		.select({
			id: processes.id,
			title: processes.title,
			challenge: processes.challenge,
			createdBy: processes.createdBy
		})
		.from(processes)
		.where(eq(processes.id, id))
		.limit(1);
	if (!row) return null;
	const links = await db
		.select({ branchId: processBranches.branchId })
		.from(processBranches)
		.where(eq(processBranches.processId, id));
	return { ...row, branchIds: links.map((l) => l.branchId) };
}

export async function exists(db: Database, id: string): Promise<boolean> {
	if (!isUuid(id)) return false;
	const [row] = await db.select({ id: processes.id }).from(processes).where(eq(processes.id, id));
	return Boolean(row);
}

/** The process for its edit form, or null when it does not exist or the actor may not edit it. */
export async function getForEdit(db: Database, actor: Actor, id: string) {
	const process = await find(db, id);
	if (!process || !can(actor, 'process:edit', { createdBy: process.createdBy })) return null;
	return process;
}

export async function create(
	db: Database,
	actor: Actor,
	raw: Raw
): Promise<Outcome<ProcessField, { id: string }> | Denied> {
	if (!can(actor, 'process:create')) return { ok: false, denied: true };
	const checked = checkProcessInput(raw);
	if (!checked.ok) return checked;
	const { title, challenge, branchIds } = checked.value;
	if (!(await branches.areSelectable(db, branchIds))) {
		return { ok: false, errors: { branchIds: 'invalid' } };
	}
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(processes)
			.values({ title, challenge, createdBy: actor.id })
			.returning({ id: processes.id });
		await tx
			.insert(processBranches)
			.values(branchIds.map((branchId) => ({ processId: row!.id, branchId })));
		return row!.id;
	});
	return { ok: true, id };
}

/** Saves an edited process. Branches already chosen stay choosable even if retired since. */
export async function update(
	db: Database,
	actor: Actor,
	id: string,
	raw: Raw
): Promise<Outcome<ProcessField> | Denied> {
	const current = await getForEdit(db, actor, id);
	if (!current) return { ok: false, denied: true };
	const checked = checkProcessInput(raw);
	if (!checked.ok) return checked;
	const { title, challenge, branchIds } = checked.value;
	if (!(await branches.areSelectable(db, branchIds, current.branchIds))) {
		return { ok: false, errors: { branchIds: 'invalid' } };
	}
	await db.transaction(async (tx) => {
		await tx
			.update(processes)
			.set({ title, challenge, updatedAt: new Date() })
			.where(eq(processes.id, id));
		await tx
			.delete(processBranches)
			.where(
				and(eq(processBranches.processId, id), notInArray(processBranches.branchId, branchIds))
			);
		await tx
			.insert(processBranches)
			.values(branchIds.map((branchId) => ({ processId: id, branchId })))
			.onConflictDoNothing();
	});
	return { ok: true };
}

/** The branches of several processes at once, keyed by process id, in alphabetical order. */
export async function branchesOf(db: Database, processIds: readonly string[]) {
	const byProcess = new Map<string, { id: string; name: string; retired: boolean }[]>();
	const ids = processIds.filter(isUuid);
	if (ids.length === 0) return byProcess;
	const rows = await db
		.select({
			processId: processBranches.processId,
			id: branchTable.id,
			name: branchTable.name,
			retired: sql<boolean>`${branchTable.retiredAt} is not null`
		})
		.from(processBranches)
		.innerJoin(branchTable, eq(branchTable.id, processBranches.branchId))
		.where(inArray(processBranches.processId, ids))
		.orderBy(asc(sql`lower(${branchTable.name})`));
	for (const { processId, ...branch } of rows) {
		const list = byProcess.get(processId) ?? [];
		list.push(branch);
		byProcess.set(processId, list);
	}
	return byProcess;
}
