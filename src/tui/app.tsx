import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {Box, useApp} from 'ink';
import {BootScreen} from './components/boot-screen.js';
import {Footer} from './components/footer.js';
import {Header} from './components/header.js';
import {HelpScreen} from './components/help-screen.js';
import {LessonScreen} from './components/lesson-screen.js';
import {FinishScreen} from './components/finish-screen.js';
import {ListScreen} from './components/list-screen.js';
import {NoticeLine, noticeRows} from './components/notice-line.js';
import {TooSmall} from './components/too-small.js';
import {useKeyRouter} from './hooks/use-key-router.js';
import {useNow} from './hooks/use-now.js';
import {useOutputView, useSession} from './hooks/use-store.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {footerKeys} from './keys/footer-keys.js';
import {NO_LIMITS, type ScrollLimits} from './keys/handle-key.js';
import type {MarkdownRenderer} from './markdown/render-markdown.js';
import type {LineStore} from './store/line-store.js';
import {OutputViewStore} from './store/output-view.js';
import type {Lesson} from '../lessons/model.js';
import type {BackendKind} from '../core/backend-kind.js';
import type {Progress} from '../state/progress.js';
import {currentLesson, isBusy, reduce, type SessionState} from './store/session-state.js';
import type {SessionStore} from './store/session-store.js';
import {bodyRows, frameRows, MIN_SIZE, noticeRowsCap} from './view/layout.js';

/** What the first screen needs, loaded before the backend: the lessons and the learner's progress. */
export interface Preview {
	readonly lessons: readonly Lesson[];
	readonly progress: Progress;
	/** The backend, once known (before the Docker/kind probe decides, the badge shows "…"). */
	readonly kind?: BackendKind;
	/** Only the learner's lesson has loaded yet (the header then leaves out the lesson count). */
	readonly partial?: boolean;
}

export interface AppProps {
	readonly store: SessionStore;
	readonly lines: LineStore;
	/** The prose renderer (marked + marked-terminal, loaded lazily: the loading screen shows until then). */
	readonly markdown?: MarkdownRenderer;
	/** Shown while the backend still opens: the learner's lesson, to read (keys wait for the backend). */
	readonly preview?: Preview;
}

/** The screen the session will open on, computed as the store will (keys and footer still follow the store). */
function previewState(state: SessionState, preview: Preview | undefined): SessionState {
	if (!preview || state.screen !== 'boot' || state.fatal) return state;
	const backend = preview.kind && ({kind: preview.kind, label: preview.kind === 'sim' ? 'SIMULATION' : 'LIVE', reason: ''} as const);
	return reduce(state, {type: 'booted', lessons: preview.lessons, backend, progress: preview.progress});
}

/**
 * The whole TUI. It only draws: state comes from the session store, keys go to the one
 * key router, and the one exit happens here once the store says the session is over.
 */
export function App({store, lines, markdown, preview}: AppProps) {
	const session = useSession(store);
	const state = useMemo(() => previewState(session, preview), [session, preview]);
	const size = useTerminalSize();
	const {exit} = useApp();
	const limits = useRef<ScrollLimits>(NO_LIMITS);
	const onLimits = useCallback((update: Partial<ScrollLimits>) => {
		limits.current = {...limits.current, ...update};
	}, []);
	const getLimits = useCallback(() => limits.current, []);
	const [outputView] = useState(() => new OutputViewStore());
	const view = useOutputView(outputView);
	useKeyRouter(store, getLimits, outputView);
	const ticking = isBusy(session) || (session.screen === 'boot' && !session.fatal && !preview);
	const now = useNow(ticking);
	useEffect(() => {
		if (session.exiting) exit();
	}, [session.exiting, exit]);

	const width = size.columns;
	if (width < MIN_SIZE.columns || size.rows < MIN_SIZE.rows) return <TooSmall size={size} />;
	// The help overlay takes the notice's rows too: every key fits 80x24.
	const help = state.modal?.kind === 'help';
	const noticeHeight = help ? 0 : Math.min(noticeRows(state.notice, width).length, noticeRowsCap(size));
	const body = bodyRows(size, noticeHeight);
	const lesson = currentLesson(state);
	let screen;
	if (help) screen = <HelpScreen width={width} height={body} />;
	else if (state.screen === 'boot' || !lesson || !markdown) screen = <BootScreen width={width} height={body} now={now} fatal={state.fatal} />;
	else if (state.screen === 'list') screen = <ListScreen state={state} width={width} height={body} now={now} />;
	else if (state.screen === 'finish') screen = <FinishScreen state={state} width={width} height={body} />;
	else {
		screen = (
			<LessonScreen
				state={state}
				lesson={lesson}
				width={width}
				height={body}
				markdown={markdown}
				lines={lines}
				view={view}
				now={now}
				clockNow={store.clock.now()}
				onLimits={onLimits}
			/>
		);
	}
	return (
		<Box flexDirection="column" width={width} height={frameRows(size)}>
			<Header
				width={width}
				screen={state.screen}
				lessons={preview?.partial && session.screen === 'boot' ? undefined : state.lessons}
				lesson={lesson}
				step={state.position.step}
				backend={state.backend}
			/>
			{noticeHeight > 0 && <NoticeLine width={width} notice={state.notice} rows={noticeHeight} />}
			{screen}
			<Footer width={width} keys={footerKeys(session, view)} />
		</Box>
	);
}
