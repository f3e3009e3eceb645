/**
 * Test support (not used by the node): the address index's answers worked out by brute force
 * from a SimnetChain (every accepted transaction, every stored UTXO row), to compare the index with.
 */
import type { BlockHeader } from '../consensus/model/header.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import { isCoinbase, type ScriptPublicKey, type TransactionOutput } from '../consensus/model/transaction.ts';
import { type OutpointKey, outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { type SimnetChain, virtualUtxoSet } from '../test-support/simnet-chain.ts';
import type { AddressIndex, AddressUtxo } from './address-index.ts';
import type { AddressHistoryRow } from './history-repository.ts';
import { scriptKeyHex } from './script-keys.ts';

/**
 * The history of `scripts` worked out without UTXO diffs or acceptance fees: every transaction the
 * selected chain accepted, its inputs looked up among all outputs the chain accepted before it,
 * its fee as inputs minus outputs. In the index's order: newest first, then by script key.
 */
export function bruteForceHistory(chain: SimnetChain, scripts: readonly ScriptPublicKey[]): AddressHistoryRow[] {
  const { consensus } = chain;
  const wanted = new Set(scripts.map(scriptKeyHex));
  const outputs = new Map<OutpointKey, TransactionOutput>();
  const rows: (AddressHistoryRow & { key: string })[] = [];
  for (const block of chain.selectedChain()) {
    const header = consensus.header(block) as BlockHeader;
    consensus.acceptedTransactions(block).forEach((tx, position) => {
      const id = transactionId(tx);
      const byScript = new Map<string, { received: bigint; sent: bigint }>();
      const touch = (output: TransactionOutput) => {
        const key = scriptKeyHex(output.scriptPublicKey);
        const sums = byScript.get(key) ?? { received: 0n, sent: 0n };
        byScript.set(key, sums);
        return sums;
      };
      let inputs = 0n;
      let outputsTotal = 0n;
      for (const input of tx.inputs) {
        const spent = outputs.get(outpointKey(input.previousOutpoint.transactionId, input.previousOutpoint.index));
        if (spent === undefined)
          throw new Error(`block ${block}: an accepted transaction spends an output the chain never created`);
        inputs += spent.value;
        touch(spent).sent += spent.value;
      }
      tx.outputs.forEach((output, index) => {
        outputsTotal += output.value;
        touch(output).received += output.value;
        outputs.set(outpointKey(id, index), output);
      });
      for (const [key, { received, sent }] of byScript) {
        if (!wanted.has(key)) continue;
        rows.push({
          key,
          scriptHex: key.slice(4),
          scriptVersion: Buffer.from(key, 'hex').readUInt16LE(0),
          transactionId: Buffer.from(id).toString('hex'),
          acceptingBlock: block,
          acceptingBlueScore: header.blueScore,
          acceptanceIndex: position,
          timestamp: header.timestamp,
          received,
          sent,
          fee: isCoinbase(tx) ? 0n : inputs - outputsTotal,
          isCoinbase: isCoinbase(tx),
        });
      }
    });
  }
  rows.sort(
    (x, y) =>
      y.acceptingBlueScore - x.acceptingBlueScore ||
      y.acceptanceIndex - x.acceptanceIndex ||
      (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
  );
  return rows.map(({ key: _key, ...row }) => row);
}

/** The outputs of the virtual's UTXO set paying any of `scripts`, by brute force, by outpoint. */
export function bruteForceUtxos(chain: SimnetChain, scripts: readonly ScriptPublicKey[]): AddressUtxo[] {
  const wanted = new Set(scripts.map(scriptKeyHex));
  return [...virtualUtxoSet(chain.consensus)]
    .filter(([, entry]) => wanted.has(scriptKeyHex(entry.scriptPublicKey)))
    .map(([outpoint, entry]) => ({ outpoint, entry }))
    .sort(byOutpoint);
}

/** Orders UTXOs by outpoint key, the order brute-force and index answers are compared in. */
export const byOutpoint = (x: { outpoint: OutpointKey }, y: { outpoint: OutpointKey }): number =>
  x.outpoint < y.outpoint ? -1 : x.outpoint > y.outpoint ? 1 : 0;

/** Everything an index answers about `scripts`, comparable across stores (entry scripts as hex). */
export function indexAnswers(index: AddressIndex, scripts: readonly ScriptPublicKey[]) {
  return {
    utxos: index
      .utxosByScripts(scripts)
      .map(({ outpoint, entry }) => ({ outpoint, ...entry, scriptPublicKey: scriptKeyHex(entry.scriptPublicKey) }))
      .sort(byOutpoint),
    history: index.history(scripts),
    used: index.isUsed(scripts),
  };
}
