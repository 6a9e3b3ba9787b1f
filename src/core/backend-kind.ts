/**
 * Which lab the tool drives: `sim`, the in-process simulation, or `kind`, live kind clusters.
 * Core vocabulary: backends implement it, progress files are kept per kind, views label it.
 */
export type BackendKind = 'sim' | 'kind';

/**
 * Which lab progress and reports belong to: a backend kind, or `attached` for the learner's own
 * meshed clusters (driven like live ones, but a different lab, so never sharing kind's progress).
 */
export type LabKind = BackendKind | 'attached';

/** Every lab, each with its own progress file. */
export const LAB_KINDS: readonly LabKind[] = ['sim', 'kind', 'attached'];
