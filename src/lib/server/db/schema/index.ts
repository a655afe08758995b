// The whole schema, for drizzle-kit and the typed client. Explicit names, no `export *` (STYLE.md).
export { municipi, branches, services, branchKinds } from './reference';
export type { BranchKind } from './reference';
export { users, residents, sessions, staffRoles, signInAudit, signInOutcomes } from './people';
export type { StaffRole, SignInOutcome } from './people';
export {
	processes,
	processBranches,
	processStatuses,
	workshops,
	workshopFacilitators,
	workshopStatuses,
	boards,
	boardKinds,
	boardPhases,
	votingStates,
	activities,
	activityKinds,
	voteTargets,
	participants,
	votes,
	paperVotes
} from './workshops';
export type {
	WorkshopStatus,
	BoardKind,
	BoardPhase,
	VotingState,
	ActivityKind,
	VoteTarget
} from './workshops';
export { collabDocuments, collabUpdates, collabClients, collabOrigins } from './collab';
export {
	proposals,
	proposalStages,
	proposalBranches,
	proposalServices,
	proposalSources,
	proposalEvents,
	proposalEventKinds,
	proposalFollows,
	proposalSupports,
	proposalComments,
	residentContacts,
	notificationOutbox
} from './proposals';
export type { ProposalStage, ProposalEventKind } from './proposals';
export { proposalRatings, priorityWeights } from './review';
export { privacyErasures, erasureKinds } from './privacy';
export type { ErasureKind } from './privacy';
