import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {VERSIONS} from '../../src/core/versions.js';
import {checkCommand} from '../../src/gate/command-gate.js';
import type {GateContext} from '../../src/gate/verdict.js';
import {labImages, parseImageRef, tagRef} from '../../src/images/catalog.js';

const IMAGES = '/home/ann/.local/state/clustermesh-tutor/images';
const ARCHIVE = `${IMAGES}/lab-images.tar`;
const COPY = `${IMAGES}/cluster-images.tar`;
const USB = '/media/usb/lab-images.tar';
const images = {folder: IMAGES, archives: [USB]};
const lab: GateContext = {target: 'lab', owned: ['koornacht', 'tion'], kubeconfig: '/s/kube/lab.yaml', images};
const koornacht: GateContext = {target: 'koornacht', owned: ['koornacht', 'tion'], kubeconfig: '/s/kube/koornacht.yaml', images};
const clusterRefs = labImages().filter((i) => i.role === 'cluster').map(tagRef);
const nodeTag = tagRef(parseImageRef(VERSIONS.kindNodeImage));

const verdict = (command: string, ctx: GateContext) => checkCommand(command, ctx);
const refusedFor = (command: string, ctx: GateContext, reason: RegExp) => {
	const v = verdict(command, ctx);
	expect(v.ok, command).toBe(false);
	if (!v.ok) expect(v.reason, command).toMatch(reason);
};

describe('the gate on prepared image archives', () => {
	it.each([
		`docker load -i ${ARCHIVE}`,
		`docker load -i ${USB}`,
		`docker save -o ${COPY} ${clusterRefs.join(' ')}`,
		`docker save -o ${COPY} ${labImages({advanced: true}).map((i) => i.pinned).join(' ')}`,
	])('allows %s lab-wide', (command) => expect(verdict(command, lab), command).toEqual({ok: true}));

	it.each([
		`kind load image-archive ${COPY} --name koornacht`,
		`kind load image-archive ${USB} --name koornacht`,
		`kind create cluster --name koornacht --image ${nodeTag} --config kind-configs/koornacht.yaml`,
		`kind create cluster --name koornacht --image ${VERSIONS.kindNodeImage}`,
		`cilium install --version ${VERSIONS.cilium} --set image.useDigest=false --set operator.image.useDigest=false`,
		'cilium status --wait --wait-duration 10m --interactive=false',
	])('allows %s for koornacht', (command) => expect(verdict(command, koornacht), command).toEqual({ok: true}));

	it.each([
		[`docker load -i /tmp/other.tar`, /not one of the tutorial's image archives/],
		[`docker load -i ${IMAGES}/../../evil.tar`, /not one of the tutorial's image archives/],
		[`docker load -i images/lab-images.tar`, /not one of the tutorial's image archives/],
		[`docker load --input ${ARCHIVE}`, /not a Docker command the lab runs/],
		[`docker load -i ${ARCHIVE} extra`, /not a Docker command the lab runs/],
		[`docker load < ${ARCHIVE}`, /not a Docker command the lab runs/],
		[`docker save -o ${USB} ${clusterRefs[0]}`, /not one of the tutorial's image archives/],
		[`docker save -o /home/ann/.kube/config ${clusterRefs[0]}`, /\.kube/],
		[`docker save -o ${COPY} alpine:latest`, /not an image the lab pins/],
		[`docker save -o ${COPY} ${clusterRefs[0]} busybox`, /not an image the lab pins/],
		[`docker save -o ${COPY}`, /not a Docker command the lab runs/],
		[`docker save ${clusterRefs[0]} > ${COPY}`, /not a Docker command the lab runs \(.*`docker save -o FILE IMAGE…`/],
		[`docker run --rm -v /:/host alpine`, /not a Docker command the lab runs/],
		[`docker -H tcp://evil:2375 load -i ${ARCHIVE}`, /not a Docker command the lab runs/],
		[`docker ps`, /not a Docker command the lab runs/],
		[`docker load -i "$FILE"`, /comes from a variable or `\$\(…\)`/],
		[`docker load -i $(echo ${ARCHIVE})`, /comes from a variable or `\$\(…\)`/],
	])('refuses %s', (command, reason) => refusedFor(command, lab, reason));

	it.each([
		[`kind load image-archive /tmp/other.tar --name koornacht`, /not one of the tutorial's image archives/],
		[`kind load image-archive ${COPY} ${ARCHIVE} --name koornacht`, /exactly one archive/],
		[`kind load image-archive ${COPY} --name kind`, /not a lab cluster/],
		[`kind create cluster --name koornacht --image kindest/node:v1.34.0`, /pinned node image/],
		[`kind create cluster --name koornacht --image=evil/node:latest`, /pinned node image/],
	])('refuses %s for koornacht', (command, reason) => refusedFor(command, koornacht, reason));

	it('refuses every archive command where no images folder is given (the simulator, the lesson linter, a typed line)', () => {
		const {images: _, ...bare} = lab;
		refusedFor(`docker load -i ${ARCHIVE}`, bare, /only loaded while/);
		refusedFor(`kind load image-archive ${COPY} --name koornacht`, {...bare, target: 'koornacht'}, /only loaded while/);
	});

	it('allows a Docker archive path only inside the images folder or the given archive (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom('a', 'b.tar', '..', '.', 'images', 'x y'), {minLength: 1, maxLength: 5}), fc.boolean(), (parts, rooted) => {
				const file = `${rooted ? IMAGES : '/tmp'}/${parts.join('/')}`;
				const quoted = `'${file}'`;
				const ok = verdict(`docker load -i ${quoted}`, lab).ok;
				const normal = !parts.includes('..') && !parts.includes('.') && !file.includes('//');
				expect(ok, file).toBe(rooted && normal);
			}),
			{numRuns: 200},
		);
	});
});
