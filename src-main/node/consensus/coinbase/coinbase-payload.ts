import { ByteReader } from '../../encoding/byte-reader.ts';
import { ByteWriter } from '../../encoding/byte-writer.ts';
import type { ScriptPublicKey } from '../model/transaction.ts';
import type { ConsensusParams } from '../params/params.ts';
import { CoinbaseError } from './coinbase-error.ts';

/** What a miner puts in its coinbase: where it wants to be paid, and free text (kaspad DomainCoinbaseData). */
export interface CoinbaseData {
  scriptPublicKey: ScriptPublicKey;
  extraData: Uint8Array;
}

/** A coinbase payload, decoded. */
export interface CoinbasePayload extends CoinbaseData {
  /** The block's blue score; a u64 on the wire, so kept as a bigint to decode untrusted bytes losslessly. */
  blueScore: bigint;
  /** The block's own subsidy, in sompi: what the block that merges it pays (with fees) to its miner. */
  subsidy: bigint;
}

export type CoinbasePayloadLimits = Pick<
  ConsensusParams,
  'maxCoinbasePayloadLength' | 'coinbasePayloadScriptPublicKeyMaxLength'
>;

/** Blue score u64 + subsidy u64 + script version u16 + script length u8 (kaspad payload.go minLength). */
export const COINBASE_PAYLOAD_MIN_LENGTH = 8 + 8 + 2 + 1;

/**
 * kaspad serializeCoinbasePayload (coinbasemanager/payload.go): blue score u64 LE, subsidy u64 LE,
 * script version u16 LE, script length u8, script, extra data to the end. kaspad refuses a long
 * script here; the total length it checks only in the block template RPC and in
 * checkCoinbaseInIsolation, and a payload rebuilt from a valid one has the same length, so
 * checking it here too refuses only what kaspad would refuse anyway.
 */
export function encodeCoinbasePayload(payload: CoinbasePayload, limits: CoinbasePayloadLimits): Uint8Array {
  const { script, version } = payload.scriptPublicKey;
  if (script.length > limits.coinbasePayloadScriptPublicKeyMaxLength) {
    throw new CoinbaseError(
      'SCRIPT_TOO_LONG',
      `coinbase script public key of ${script.length} bytes, at most ${limits.coinbasePayloadScriptPublicKeyMaxLength} allowed`,
    );
  }
  const length = COINBASE_PAYLOAD_MIN_LENGTH + script.length + payload.extraData.length;
  if (length > limits.maxCoinbasePayloadLength) {
    throw new CoinbaseError(
      'PAYLOAD_TOO_LONG',
      `coinbase payload of ${length} bytes, at most ${limits.maxCoinbasePayloadLength} allowed`,
    );
  }
  return new ByteWriter(length)
    .u64(payload.blueScore)
    .u64(payload.subsidy)
    .u16(version)
    .u8(script.length)
    .bytes(script)
    .bytes(payload.extraData)
    .finish();
}

/**
 * kaspad ExtractCoinbaseDataBlueScoreAndSubsidy (coinbasemanager/payload.go), preceded by the
 * total length check of checkCoinbaseInIsolation, which kaspad runs on every coinbase before
 * anything reads its payload. Everything after the script is extra data, however long.
 */
export function decodeCoinbasePayload(bytes: Uint8Array, limits: CoinbasePayloadLimits): CoinbasePayload {
  if (bytes.length > limits.maxCoinbasePayloadLength) {
    throw new CoinbaseError(
      'PAYLOAD_TOO_LONG',
      `coinbase payload of ${bytes.length} bytes, at most ${limits.maxCoinbasePayloadLength} allowed`,
    );
  }
  if (bytes.length < COINBASE_PAYLOAD_MIN_LENGTH) {
    throw new CoinbaseError(
      'PAYLOAD_TOO_SHORT',
      `coinbase payload of ${bytes.length} bytes, at least ${COINBASE_PAYLOAD_MIN_LENGTH} needed`,
    );
  }
  const reader = new ByteReader(bytes);
  const blueScore = reader.u64('blue score');
  const subsidy = reader.u64('subsidy');
  const version = reader.u16('script version');
  const scriptLength = reader.u8('script length');
  if (scriptLength > limits.coinbasePayloadScriptPublicKeyMaxLength) {
    throw new CoinbaseError(
      'SCRIPT_TOO_LONG',
      `coinbase script public key of ${scriptLength} bytes, at most ${limits.coinbasePayloadScriptPublicKeyMaxLength} allowed`,
    );
  }
  if (reader.remaining < scriptLength) {
    throw new CoinbaseError(
      'SCRIPT_TRUNCATED',
      `coinbase payload announces a ${scriptLength}-byte script but has ${reader.remaining} bytes left`,
    );
  }
  const script = reader.bytes(scriptLength, 'script');
  const extraData = reader.bytes(reader.remaining, 'extra data');
  return { blueScore, subsidy, scriptPublicKey: { version, script }, extraData };
}
