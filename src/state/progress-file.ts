import {rm} from 'node:fs/promises';
import {z} from 'zod';
import type {LabKind} from '../core/backend-kind.js';
import {readJsonFile, writeJsonAtomic} from './json-file.js';
import {emptyProgress, PROGRESS_SCHEMA, type CurrentPosition, type Progress, type ProgressPosition} from './progress.js';
import {V1_STEP_IDS} from './progress-v1-steps.js';

/** Validates stored progress; it lives apart from the pure updates (progress.ts) so the TUI can draw its first frame without loading zod. */
const LessonProgressSchema = z.object({
	passed: z.array(z.string()),
	skipped: z.array(z.string()),
	hints: z.record(z.string(), z.number().int().min(0)),
	solutions: z.array(z.string()),
	completedAt: z.string().optional(),
});

const PositionSchema = z.object({lesson: z.string(), step: z.string().optional()});

const common = {
	backend: z.enum(['sim', 'kind', 'attached']),
	lessons: z.record(z.string(), LessonProgressSchema),
	updatedAt: z.string(),
	startedAt: z.string().optional(),
};

const CurrentSchema = PositionSchema.extend({screen: z.enum(['intro', 'step'])});

export const ProgressSchema = z.object({
	schema: z.literal(PROGRESS_SCHEMA),
	current: CurrentSchema.optional(),
	lab: PositionSchema.optional(),
	...common,
});

/** Schema 1: positions held a step index (into the lessons of that time, see progress-v1-steps.ts). */
const IndexPositionSchema = z.object({lesson: z.string(), step: z.number().int().min(0)});
const ProgressV1Schema = z.object({
	schema: z.literal(1),
	current: IndexPositionSchema.optional(),
	lab: IndexPositionSchema.optional(),
	...common,
});

/**
 * Pure: an index position of a schema 1 file as a step id, through the lessons' steps as they
 * were then. An index past the last step is the lesson's end; a lesson the table does not know
 * (none existed) keeps only its lesson.
 */
export function migrateV1Position(at: {readonly lesson: string; readonly step: number}): ProgressPosition {
	const steps = V1_STEP_IDS[at.lesson];
	const step = steps?.[at.step];
	if (step !== undefined) return {lesson: at.lesson, step};
	return steps && at.step >= steps.length ? {lesson: at.lesson} : {lesson: at.lesson, ...(steps?.[0] === undefined ? {} : {step: steps[0]})};
}

/** Pure: a schema 1 progress as schema 2 (step results were always stored by id: they carry over). */
export function migrateV1(old: z.infer<typeof ProgressV1Schema>): Progress {
	const {current, lab, schema: _schema, ...rest} = old;
	// Schema 1 reopened a lesson with no results on its intro when the index was 0.
	const currentAt: CurrentPosition | undefined = current && {
		...migrateV1Position(current),
		screen: current.step === 0 && !old.lessons[current.lesson] ? 'intro' : 'step',
	};
	return {
		...rest,
		schema: PROGRESS_SCHEMA,
		...(currentAt ? {current: currentAt} : {}),
		...(lab ? {lab: migrateV1Position(lab)} : {}),
	};
}

/** Either version; schema 1 is migrated on read (the next save writes schema 2). */
const StoredProgressSchema = z.discriminatedUnion('schema', [
	ProgressSchema,
	ProgressV1Schema.transform(migrateV1),
]);

export async function loadProgress(file: string, backend: LabKind): Promise<Progress> {
	const stored = await readJsonFile(file, StoredProgressSchema);
	return stored ?? emptyProgress(backend);
}

export async function saveProgress(file: string, progress: Progress): Promise<void> {
	await writeJsonAtomic(file, progress);
}

export async function deleteProgress(file: string): Promise<void> {
	await rm(file, {force: true});
}
