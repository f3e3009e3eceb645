import { readFileSync } from 'node:fs';
import type { Hash } from '../consensus/model/hash.ts';
import type { BlockHeader } from '../consensus/model/header.ts';
import { SUBNETWORK_ID_SIZE, type Transaction, type TransactionOutput } from '../consensus/model/transaction.ts';
import { parseLosslessJson } from '../encoding/lossless-json.ts';
import { DecodeError } from '../errors.ts';
import { gunzipFirstMember } from './gzip.ts';
import { asArray, asHex, asHexNumber, asObject, asU64, asUint, type JsonObject } from './json-fields.ts';

/**
 * Kaspa's recorded block streams (rusty-kaspa testing/integration dags_for_json_tests): gzip,
 * one JSON document a line, an optional parameters line first, then genesis and the blocks.
 * Era 1 was written by Go kaspad (PascalCase fields); eras 2 and 3 by rusty-kaspa (RpcBlock,
 * camelCase).
 */
export interface StreamBlock {
  header: BlockHeader;
  transactions: Transaction[];
  /** The hash the stream states for the block. */
  expectedHash: Hash;
}

export interface JsonDagStream {
  /** The parameters line as written (Go dagconfig.Params or rusty-kaspa OverrideParams), if any. */
  params: JsonObject | null;
  blocks: StreamBlock[];
}

const U16 = 0xffff;
const U32 = 0xffff_ffff;

function parseGoHeader(h: JsonObject): BlockHeader {
  return {
    version: asUint(h.Version, 'Header.Version', U16),
    parents: asArray(h.Parents, 'Header.Parents').map((level, i) =>
      asArray(asObject(level, `Parents[${i}]`).ParentHashes, `Parents[${i}].ParentHashes`).map((p) =>
        asHex(p, 'parent hash', 32),
      ),
    ),
    hashMerkleRoot: asHex(h.HashMerkleRoot, 'HashMerkleRoot', 32),
    acceptedIdMerkleRoot: asHex(h.AcceptedIDMerkleRoot, 'AcceptedIDMerkleRoot', 32),
    utxoCommitment: asHex(h.UTXOCommitment, 'UTXOCommitment', 32),
    timestamp: asUint(h.Timestamp, 'Timestamp'),
    bits: asUint(h.Bits, 'Bits', U32),
    nonce: asU64(h.Nonce, 'Nonce'),
    daaScore: asUint(h.DAAScore, 'DAAScore'),
    blueScore: asUint(h.BlueScore, 'BlueScore'),
    blueWork: asHexNumber(h.BlueWork, 'BlueWork'),
    pruningPoint: asHex(h.PruningPoint, 'PruningPoint', 32),
  };
}

function parseGoTransaction(t: JsonObject): Transaction {
  return {
    version: asUint(t.Version, 'Version', U16),
    inputs: asArray(t.Inputs, 'Inputs').map((raw) => {
      const input = asObject(raw, 'input');
      const outpoint = asObject(input.PreviousOutpoint, 'PreviousOutpoint');
      return {
        previousOutpoint: {
          transactionId: asHex(outpoint.TransactionID, 'TransactionID', 32),
          index: asUint(outpoint.Index, 'Index', U32),
        },
        signatureScript: asHex(input.SignatureScript, 'SignatureScript'),
        sequence: asU64(input.Sequence, 'Sequence'),
        sigOpCount: asUint(input.SigOpCount, 'SigOpCount', 0xff),
      };
    }),
    outputs: asArray(t.Outputs, 'Outputs').map((raw): TransactionOutput => {
      const output = asObject(raw, 'output');
      const spk = asObject(output.ScriptPublicKey, 'ScriptPublicKey');
      return {
        value: asU64(output.Amount, 'Amount'),
        scriptPublicKey: {
          version: asUint(spk.Version, 'ScriptPublicKey.Version', U16),
          script: asHex(spk.Script, 'Script'),
        },
      };
    }),
    lockTime: asU64(t.LockTime, 'LockTime'),
    subnetworkId: asHex(t.SubnetworkID, 'SubnetworkID', SUBNETWORK_ID_SIZE),
    gas: asU64(t.Gas, 'Gas'),
    payload: asHex(t.Payload, 'Payload'),
    storageMass: 0n,
  };
}

function parseRustHeader(h: JsonObject): BlockHeader {
  return {
    version: asUint(h.version, 'header.version', U16),
    parents: asArray(h.parentsByLevel, 'parentsByLevel').map((level, i) =>
      asArray(level, `parentsByLevel[${i}]`).map((p) => asHex(p, 'parent hash', 32)),
    ),
    hashMerkleRoot: asHex(h.hashMerkleRoot, 'hashMerkleRoot', 32),
    acceptedIdMerkleRoot: asHex(h.acceptedIdMerkleRoot, 'acceptedIdMerkleRoot', 32),
    utxoCommitment: asHex(h.utxoCommitment, 'utxoCommitment', 32),
    timestamp: asUint(h.timestamp, 'timestamp'),
    bits: asUint(h.bits, 'bits', U32),
    nonce: asU64(h.nonce, 'nonce'),
    daaScore: asUint(h.daaScore, 'daaScore'),
    blueScore: asUint(h.blueScore, 'blueScore'),
    blueWork: asHexNumber(h.blueWork, 'blueWork'),
    pruningPoint: asHex(h.pruningPoint, 'pruningPoint', 32),
  };
}

/** rusty-kaspa writes a script public key as 2 bytes of big-endian version, then the script. */
function parseRustScriptPublicKey(value: unknown): TransactionOutput['scriptPublicKey'] {
  const bytes = asHex(value, 'scriptPublicKey');
  if (bytes.length < 2) throw new DecodeError('TRUNCATED', 'scriptPublicKey lacks its version');
  return { version: ((bytes[0] as number) << 8) | (bytes[1] as number), script: bytes.slice(2) };
}

function parseRustTransaction(t: JsonObject): Transaction {
  return {
    version: asUint(t.version, 'version', U16),
    inputs: asArray(t.inputs, 'inputs').map((raw) => {
      const input = asObject(raw, 'input');
      const outpoint = asObject(input.previousOutpoint, 'previousOutpoint');
      return {
        previousOutpoint: {
          transactionId: asHex(outpoint.transactionId, 'transactionId', 32),
          index: asUint(outpoint.index, 'index', U32),
        },
        signatureScript: asHex(input.signatureScript, 'signatureScript'),
        sequence: asU64(input.sequence, 'sequence'),
        sigOpCount: asUint(input.sigOpCount, 'sigOpCount', 0xff),
      };
    }),
    outputs: asArray(t.outputs, 'outputs').map((raw) => {
      const output = asObject(raw, 'output');
      return { value: asU64(output.value, 'value'), scriptPublicKey: parseRustScriptPublicKey(output.scriptPublicKey) };
    }),
    lockTime: asU64(t.lockTime, 'lockTime'),
    subnetworkId: asHex(t.subnetworkId, 'subnetworkId', SUBNETWORK_ID_SIZE),
    gas: asU64(t.gas, 'gas'),
    payload: asHex(t.payload, 'payload'),
    // Crescendo-era RpcTransaction calls the storage-mass commitment `mass`; Toccata renames it.
    storageMass: asU64(t.storageMass ?? t.mass ?? 0, 'storageMass'),
  };
}

/** One block line of either era. */
export function parseStreamBlock(doc: JsonObject): StreamBlock {
  if ('Header' in doc) {
    const verbose = asObject(doc.VerboseData, 'VerboseData');
    return {
      header: parseGoHeader(asObject(doc.Header, 'Header')),
      transactions: asArray(doc.Transactions, 'Transactions').map((t) =>
        parseGoTransaction(asObject(t, 'transaction')),
      ),
      expectedHash: asHex(verbose.Hash, 'VerboseData.Hash', 32),
    };
  }
  const header = asObject(doc.header, 'header');
  return {
    header: parseRustHeader(header),
    transactions: asArray(doc.transactions, 'transactions').map((t) =>
      parseRustTransaction(asObject(t, 'transaction')),
    ),
    expectedHash: asHex(header.hash, 'header.hash', 32),
  };
}

function isBlockLine(doc: JsonObject): boolean {
  return 'Header' in doc || 'header' in doc;
}

export function parseJsonDagStream(text: string): JsonDagStream {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  let params: JsonObject | null = null;
  const blocks: StreamBlock[] = [];
  lines.forEach((line, index) => {
    const doc = asObject(parseLosslessJson(line), `line ${index + 1}`);
    if (isBlockLine(doc)) {
      try {
        blocks.push(parseStreamBlock(doc));
      } catch (error) {
        if (error instanceof DecodeError) {
          throw new DecodeError(error.code, `line ${index + 1}: ${error.message}`, { cause: error });
        }
        throw error;
      }
    } else if (index === 0) {
      params = doc;
    } else {
      throw new DecodeError('BAD_VALUE', `line ${index + 1} is neither a block nor the leading parameters line`);
    }
  });
  return { params, blocks };
}

export function readJsonDagStream(path: string): JsonDagStream {
  return parseJsonDagStream(gunzipFirstMember(readFileSync(path)).toString('utf8'));
}
