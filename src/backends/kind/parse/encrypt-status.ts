import type {EncryptionObservation} from '../../observations.js';

/**
 * `cilium-dbg encrypt status` in an agent pod. Format from cilium/cilium
 * `cilium-dbg/cmd/encrypt_status.go` `printEncryptionStatus`: `Encryption: <mode>` (models
 * EncryptionStatusMode: Disabled, IPsec, Wireguard), then per WireGuard interface
 * `Interface: cilium_wg0` and a tab-indented `Number of peers: N`.
 */
export function parseEncryptStatus(stdout: string): EncryptionObservation | undefined {
	const mode = stdout.match(/^Encryption:\s*(\S+)/m)?.[1]?.toLowerCase();
	if (!mode) return undefined;
	const peers = [...stdout.matchAll(/Number of peers:\s*(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
	if (mode === 'wireguard') return {mode: 'wireguard', peers};
	if (mode === 'ipsec') return {mode: 'ipsec', peers};
	return {mode: 'disabled', peers: 0};
}
