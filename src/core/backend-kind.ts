/**
 * Which lab the tool drives: `sim`, the in-process simulation, or `kind`, live kind clusters.
 * Core vocabulary: backends implement it, progress files are kept per kind, views label it.
 */
export type BackendKind = 'sim' | 'kind';
