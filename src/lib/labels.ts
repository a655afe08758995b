import { m } from '$lib/paraglide/messages';
import type { StaffRole } from '$lib/domain/access';
import type { BranchKind } from '$lib/domain/reference';

/** Words for the fixed values people see: roles, branch kinds, municipi. One place, both languages. */

export function roleLabel(role: StaffRole): string {
	if (role === 'admin') return m.staff_role_admin();
	if (role === 'manager') return m.staff_role_manager();
	return m.staff_role_facilitator();
}

export function branchKindLabel(kind: BranchKind): string {
	if (kind === 'central') return m.admin_branch_kind_central();
	if (kind === 'neighbourhood') return m.admin_branch_kind_neighbourhood();
	if (kind === 'mobile') return m.admin_branch_kind_mobile();
	return m.admin_branch_kind_other();
}

export function municipioLabel(municipio: number | null): string {
	return municipio === null ? m.staff_municipio_none() : m.staff_municipio({ number: municipio });
}

/**
 * A resident's nickname as shown beside their note or comment: once erased or past retention it
 * is stored empty, and reads "Partecipante cancellato" / "Deleted participant".
 */
export function authorLabel(name: string): string {
	return name === '' ? m.privacy_deleted_participant() : name;
}
