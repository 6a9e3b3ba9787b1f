import {describe, expect, it} from 'vitest';
import {rewriteAssetPaths} from '../../src/backends/kind/asset-paths.js';

const ROOT = '/opt/clustermesh-tutor';
const elsewhere = {cwd: '/home/me', root: ROOT, exists: () => false};

describe('rewriteAssetPaths', () => {
	it('points manifests/ and kind-configs/ at the installed copies when the working folder lacks them', () => {
		expect(rewriteAssetPaths('kubectl apply -f manifests/app.yaml -f ./manifests/rebel-base-service.yaml', elsewhere)).toBe(
			`kubectl apply -f ${ROOT}/manifests/app.yaml -f ${ROOT}/manifests/rebel-base-service.yaml`,
		);
		expect(rewriteAssetPaths('kind create cluster --name tion --config=kind-configs/tion.yaml', elsewhere)).toBe(
			`kind create cluster --name tion --config=${ROOT}/kind-configs/tion.yaml`,
		);
	});

	it("leaves the learner's own files, absolute paths and other words alone", () => {
		const local = {cwd: '/home/me', root: ROOT, exists: (p: string) => p === '/home/me/manifests/app.yaml'};
		expect(rewriteAssetPaths('kubectl apply -f manifests/app.yaml', local)).toBe('kubectl apply -f manifests/app.yaml');
		expect(rewriteAssetPaths('kubectl apply -f /tmp/manifests/x.yaml -f my/app.yaml', elsewhere)).toBe('kubectl apply -f /tmp/manifests/x.yaml -f my/app.yaml');
	});

	it('never touches quoted words or words that run inside a pod, and keeps the shell structure', () => {
		const line = "kubectl exec deploy/x-wing -- cat manifests/app.yaml && kubectl apply -f manifests/app.yaml | tee 'manifests/x'";
		expect(rewriteAssetPaths(line, elsewhere)).toBe(
			`kubectl exec deploy/x-wing -- cat manifests/app.yaml && kubectl apply -f ${ROOT}/manifests/app.yaml | tee 'manifests/x'`,
		);
	});

	it('quotes an install folder with spaces', () => {
		expect(rewriteAssetPaths('cat manifests/app.yaml', {...elsewhere, root: '/Users/me/My Tools/cmt'})).toBe(
			"cat '/Users/me/My Tools/cmt/manifests/app.yaml'",
		);
	});
});
