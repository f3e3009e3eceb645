import { COINBASE_PAYLOAD_MIN_LENGTH } from '../consensus/coinbase/coinbase-payload.ts';
import { COINBASE_TRANSACTION_VERSION } from '../consensus/coinbase/expected-coinbase.ts';
import { SUBNETWORK_ID_COINBASE, type ScriptPublicKey, type Transaction } from '../consensus/model/transaction.ts';
import type { ConsensusParams } from '../consensus/params/params.ts';
import { transactionMass, type MassParams } from '../consensus/validation/mass.ts';

export type CoinbaseReserveParams = MassParams &
  Pick<ConsensusParams, 'ghostdagK' | 'maxCoinbasePayloadLength' | 'coinbasePayloadScriptPublicKeyMaxLength'>;

/**
 * The mass to keep free for the coinbase: the mass of the largest coinbase a block paying
 * `scriptPublicKey` could carry, with an output for each of the ghostdagK + 1 mergeset blues (to
 * scripts of the longest allowed length), one for the reds (to the miner's script), and the
 * longest allowed payload.
 *
 * Under the legacy rules this is 0: kaspad v0.12 weighs every coinbase at 0 (util/txmass
 * CalculateTransactionMass) and its blocktemplatebuilder reserves nothing. It is computed from the
 * mass rule rather than assumed, so the reserve follows the rule if it ever counts coinbases.
 */
export function coinbaseMassReserve(scriptPublicKey: ScriptPublicKey, params: CoinbaseReserveParams): number {
  const otherScript: ScriptPublicKey = {
    version: 0,
    script: new Uint8Array(params.coinbasePayloadScriptPublicKeyMaxLength),
  };
  const blues = Array.from({ length: params.ghostdagK + 1 }, () => ({ value: 1n, scriptPublicKey: otherScript }));
  const largest: Transaction = {
    version: COINBASE_TRANSACTION_VERSION,
    inputs: [],
    outputs: [...blues, { value: 1n, scriptPublicKey }],
    lockTime: 0n,
    subnetworkId: SUBNETWORK_ID_COINBASE.slice(),
    gas: 0n,
    payload: new Uint8Array(Math.max(params.maxCoinbasePayloadLength, COINBASE_PAYLOAD_MIN_LENGTH)),
    storageMass: 0n,
  };
  return transactionMass(largest, params);
}
