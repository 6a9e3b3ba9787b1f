import type {ClusterName, Target} from '../core/lab.js';
import type {CheckCondition} from '../checks/spec.js';

/** Where something came from in a lesson file (1-based line). */
export interface SourceRef {
	readonly file: string;
	readonly line: number;
}

/** One shell command a learner runs, pinned to a target. */
export interface LessonCommand {
	readonly target: Target;
	readonly command: string;
	readonly line: number;
}

/**
 * The infrastructure level of the lab, in build order:
 * none → clusters (kind, no CNI) → cilium (Cilium + Hubble, shared CA) → mesh (connected) → app.
 */
export const LAB_STAGES = ['none', 'clusters', 'cilium', 'mesh', 'app'] as const;
export type LabStage = (typeof LAB_STAGES)[number];

/** Lab states track only Cilium's service annotations (global, shared, affinity). */
export const SERVICE_ANNOTATION_PREFIX = 'service.cilium.io/';

/** Workload state of one cluster once the app is deployed. */
export interface ClusterWorkloadState {
	/** rebel-base replicas. */
	readonly replicas: number;
	/** The `service.cilium.io/*` annotations on the rebel-base Service (exact set). */
	readonly annotations: Readonly<Record<string, string>>;
	/** CiliumNetworkPolicy names in the default namespace (exact set, sorted). */
	readonly policies: readonly string[];
}

/** A lab state a lesson declares it starts from or leaves. */
export interface LabStateSpec {
	readonly stage: LabStage;
	/** WireGuard transparent encryption enabled in both clusters. */
	readonly encryption: boolean;
	/** Present only at stage `app`. */
	readonly workloads?: Readonly<Record<ClusterName, ClusterWorkloadState>>;
}

/** A plausible wrong answer the author harness applies to prove a check rejects it. */
export interface WrongAnswer {
	readonly label: string;
	readonly commands: readonly LessonCommand[];
	readonly line: number;
}

export interface QuizChoice {
	readonly text: string;
	readonly correct: boolean;
}

export interface Quiz {
	readonly question: string;
	readonly choices: readonly QuizChoice[];
	/** Shown after answering. */
	readonly explanation?: string;
}

export interface Step {
	/** Slug, unique within the lesson (from the heading or an explicit `{#id}`). */
	readonly id: string;
	readonly title: string;
	readonly line: number;
	/** Markdown prose of the step (without commands, check, hints or solution). */
	readonly prose: string;
	/** Commands shown to the learner; Enter runs them in order. */
	readonly commands: readonly LessonCommand[];
	/** Commands replayed to catch up or shown by `s`; defaults to `commands`. */
	readonly solution: readonly LessonCommand[];
	/** All conditions must hold. Empty: the step passes once its commands succeed. */
	readonly check: readonly CheckCondition[];
	/** Ordered hint ladder: nudge first, near-solution last. */
	readonly hints: readonly string[];
	readonly wrong: readonly WrongAnswer[];
	/** Set when the step can only run against live clusters; the text says why. */
	readonly liveOnly?: string;
	readonly quiz?: Quiz;
}

export interface Lesson {
	readonly id: string;
	readonly title: string;
	/** Position in the curriculum (lesson number). */
	readonly order: number;
	/** Advanced lessons are optional and not part of the catch-up chain. */
	readonly optional: boolean;
	/** Why it needs the tutorial's own lab, if it does: on attached clusters it is skipped with this reason. */
	readonly ownLab?: string;
	readonly summary: string;
	readonly file: string;
	readonly starts: LabStateSpec;
	readonly leaves: LabStateSpec;
	/** Markdown before the first step. */
	readonly intro: string;
	readonly steps: readonly Step[];
}
