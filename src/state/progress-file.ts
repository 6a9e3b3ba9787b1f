import {rm} from 'node:fs/promises';
import {z} from 'zod';
import type {BackendKind} from '../core/backend-kind.js';
import {readJsonFile, writeJsonAtomic} from './json-file.js';
import {emptyProgress, type Progress} from './progress.js';

/** Validates stored progress; it lives apart from the pure updates (progress.ts) so the TUI can draw its first frame without loading zod. */
const LessonProgressSchema = z.object({
	passed: z.array(z.string()),
	skipped: z.array(z.string()),
	hints: z.record(z.string(), z.number().int().min(0)),
	solutions: z.array(z.string()),
	completedAt: z.string().optional(),
});

export const ProgressSchema: z.ZodType<Progress> = z.object({
	schema: z.literal(1),
	backend: z.enum(['sim', 'kind']),
	current: z.object({lesson: z.string(), step: z.number().int().min(0)}).optional(),
	lab: z.object({lesson: z.string(), step: z.number().int().min(0)}).optional(),
	lessons: z.record(z.string(), LessonProgressSchema),
	updatedAt: z.string(),
});

export async function loadProgress(file: string, backend: BackendKind): Promise<Progress> {
	const stored = await readJsonFile(file, ProgressSchema);
	return stored ?? emptyProgress(backend);
}

export async function saveProgress(file: string, progress: Progress): Promise<void> {
	await writeJsonAtomic(file, progress);
}

export async function deleteProgress(file: string): Promise<void> {
	await rm(file, {force: true});
}
