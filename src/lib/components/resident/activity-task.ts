import type { ActivityKind } from '$lib/domain/workshop/kinds';
import { m } from '$lib/paraglide/messages';

/**
 * What a resident is asked to do in an activity of this kind, in plain words ("Racconta cosa pensi,
 * senti e fai"). The kind's own name ("Mappa dell’empatia", "Voto a punti") is the facilitators'
 * trade word: it stays on staff pages.
 */
const TASKS: Record<ActivityKind, () => string> = {
	'empathy-map': m.board_task_empathy_map,
	'idea-wall': m.board_task_idea_wall,
	clustering: m.board_task_clustering,
	'dot-voting': m.board_task_dot_voting,
	canvas: m.board_task_canvas
};

export function activityTask(kind: ActivityKind): string {
	return TASKS[kind]();
}
