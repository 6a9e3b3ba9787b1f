import type {BackendKind} from '../core/backend-kind.js';

/** What `--backend` accepts; `auto` picks kind where Docker and kind are usable, else the simulator. */
export type BackendChoice = BackendKind | 'auto';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'kind', 'sim'];
