import {attachedNames, attachPaths, type Attachment} from '../../attach/attachment.js';
import {TutorError} from '../../core/errors.js';
import type {Backend} from '../backend.js';
import {LIVE_CHECK_TIMING} from '../kind/backend.js';
import type {KindHost} from '../kind/open.js';
import {createLiveObserver} from '../kind/observer.js';
import {createAttachedRunner} from './runner.js';

/** The badge: ATTACHED and both context names. */
export function attachedLabel(attachment: Attachment): `ATTACHED ${string}` {
	return `ATTACHED ${attachment.clusters.koornacht.context} + ${attachment.clusters.tion.context}`;
}

/** The backend over attached clusters: the attached runner, and the live observer reading through the copied contexts. */
export async function openAttachedBackend(host: KindHost, attachment: Attachment): Promise<Backend> {
	const runner = await createAttachedRunner({paths: host.paths, attachment, root: host.root, env: host.env});
	const own = attachPaths(host.paths.home);
	const observer = createLiveObserver({
		paths: host.paths,
		runner,
		attached: {kubeconfig: own.kubeconfig, context: (c) => attachment.clusters[c].context, namespace: attachment.namespace, names: attachedNames(attachment)},
	});
	return {kind: 'kind', label: attachedLabel(attachment), observer, checkTiming: LIVE_CHECK_TIMING, run: (request) => runner.run(request)};
}

/** `down` never deletes attached clusters. */
export function refuseDown(): never {
	throw new TutorError('the lab is attached to clusters the tool did not create, so `down` deletes nothing', undefined, 'run `clustermesh-tutor detach` to remove what the tutorial created and forget the attachment');
}
