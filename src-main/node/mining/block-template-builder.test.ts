import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addressToScriptPublicKey, decodeAddress } from '../consensus/address.ts';
import { decodeCoinbasePayload } from '../consensus/coinbase/coinbase-payload.ts';
import { transactionId } from '../consensus/hashing/tx-hash.ts';
import { keyOf } from '../consensus/model/block-key.ts';
import type { ScriptPublicKey, Transaction, UtxoEntry } from '../consensus/model/transaction.ts';
import { DAGWALLET_NETWORKS } from '../consensus/params/dagwallet-networks.ts';
import { calcBlockSubsidy } from '../consensus/subsidy.ts';
import { outpointKey } from '../consensus/utxo/utxo-serialization.ts';
import { transactionMass } from '../consensus/validation/mass.ts';
import { bytesEqual } from '../encoding/hex.ts';
import type { DagwalletError } from '../errors.ts';
import { remine } from '../test-support/remine.ts';
import { type BlockTemplate, BlockTemplateBuilder, type TransactionSource } from './block-template-builder.ts';
import { coinbaseMassReserve } from './coinbase-reserve.ts';
import type { MiningErrorCode } from './mining-error.ts';
import { signTransaction } from '../test-support/signing.ts';
import { openSimnet } from '../test-support/simnet.ts';
import { testAddress, testKey } from '../test-support/test-keys.ts';

const params = DAGWALLET_NETWORKS.simnet;
const miner = testKey('miner');
const other = testKey('other');
const minerAddress = testAddress(miner, params);
const otherAddress = testAddress(other, params);
const minerScript = addressToScriptPublicKey(decodeAddress(minerAddress));
const otherScript = addressToScriptPublicKey(decodeAddress(otherAddress));

/** A TransactionSource that hands out a fixed list (the mempool is built elsewhere) and records what it is told. */
class ListSource implements TransactionSource {
  transactions: Transaction[] = [];
  readonly asked: number[] = [];
  readonly removed: { id: string; code: string }[] = [];
  selectForBlock(maxMass: number): Transaction[] {
    this.asked.push(maxMass);
    return this.transactions;
  }
  removeInvalid(transaction: Transaction, error: DagwalletError): void {
    this.removed.push({ id: keyOf(transactionId(transaction)), code: error.code });
  }
}

/** A transaction spending one output paid to `miner`, signed, sending all but `fee` to `to` in `outputs` equal parts. */
function spend(outpoint: string, entry: UtxoEntry, fee: bigint, outputs = 1, to: ScriptPublicKey = otherScript) {
  const each = (entry.amount - fee) / BigInt(outputs);
  return signTransaction(
    [{ outpoint, entry, secretKey: miner.secretKey }],
    Array.from({ length: outputs }, () => ({ value: each, scriptPublicKey: to })),
  );
}

const rejects = (fn: () => unknown, code: MiningErrorCode) =>
  assert.throws(fn, (error: { code?: string }) => error.code === code, `expected ${code}`);

describe('BlockTemplateBuilder on a real simnet chain', () => {
  const chain = openSimnet({ params });
  const { consensus } = chain;
  const source = new ListSource();
  const builder = new BlockTemplateBuilder(consensus, source, {
    extraData: new TextEncoder().encode('dagwallet/test'),
  });
  /** Coinbase outputs paid to `miner`, and the entries they had when unspent. */
  const minerOutputs: string[] = [];
  const entries = new Map<string, UtxoEntry>();

  const mine = (template: BlockTemplate) => {
    const header = remine(template.header);
    const result = consensus.insertBlock(header, template.transactions);
    assert.equal(result.utxo?.status, 'valid', JSON.stringify(result.utxo));
    const coinbase = template.transactions[0] as Transaction;
    coinbase.outputs.forEach((output, index) => {
      if (bytesEqual(output.scriptPublicKey.script, minerScript.script)) {
        minerOutputs.push(outpointKey(transactionId(coinbase), index));
      }
    });
    return { hash: result.hash, header };
  };
  /** The entry of a mature output paid to `miner`. */
  const mature = (index: number): [string, UtxoEntry] => {
    const outpoint = minerOutputs[index] as string;
    const virtual = consensus.virtualState();
    const entry = virtual.utxo.get(outpoint) ?? entries.get(outpoint);
    assert.ok(entry, `${outpoint} is known`);
    assert.ok(entry.blockDaaScore + params.coinbaseMaturity <= virtual.daaScore, `${outpoint} is mature`);
    entries.set(outpoint, entry);
    return [outpoint, entry];
  };
  const spendMature = (index: number, fee: bigint, outputs = 1) => spend(...mature(index), fee, outputs);

  before(() => {
    // Blocks 1-8 pay `miner`; each is paid by the coinbase of the block after it.
    for (let i = 0; i < 8; i++) mine(builder.build(minerAddress));
    for (let i = 0; i < 105; i++) mine(builder.build(otherAddress));
    assert.equal(minerOutputs.length, 8);
  });
  after(() => chain.close());

  it('builds on the virtual parents with every header field as consensus validates it', () => {
    const virtual = consensus.virtualState();
    const template = builder.build(minerAddress);
    assert.deepEqual(template.header.parents[0]?.map(keyOf), virtual.parents);
    assert.equal(template.header.nonce, 0n);
    assert.equal(template.header.daaScore, virtual.daaScore);
    assert.ok(template.header.timestamp > virtual.pastMedianTime);
    const { hash } = mine(template);
    assert.equal(consensus.sink(), hash);
  });

  it('numbers templates in order and stamps them with the time', () => {
    const a = builder.build(minerAddress);
    const b = builder.build(minerAddress);
    assert.equal(b.id, a.id + 1);
    assert.ok(b.createdAt >= a.createdAt && a.createdAt > 0);
  });

  it("writes the miner's script and extra data into the coinbase, and the next block pays the miner", () => {
    const template = builder.build(minerAddress);
    const payload = decodeCoinbasePayload((template.transactions[0] as Transaction).payload, params);
    assert.deepEqual(payload.scriptPublicKey, minerScript);
    assert.equal(new TextDecoder().decode(payload.extraData), 'dagwallet/test');
    mine(template);
    const next = builder.build(otherAddress);
    const [output] = (next.transactions[0] as Transaction).outputs;
    assert.deepEqual(output?.scriptPublicKey, minerScript);
    assert.equal(output?.value, calcBlockSubsidy(template.header.daaScore, params));
    mine(next);
  });

  it('takes a script instead of an address', () => {
    const template = builder.build(otherScript);
    const payload = decodeCoinbasePayload((template.transactions[0] as Transaction).payload, params);
    assert.deepEqual(payload.scriptPublicKey, otherScript);
  });

  it('asks the source for the block mass less the coinbase reserve, which the legacy rules make 0', () => {
    assert.equal(coinbaseMassReserve(minerScript, params), 0);
    source.asked.length = 0;
    builder.build(minerAddress);
    assert.deepEqual(source.asked, [params.maxBlockMass]);
  });

  it('puts the source transactions in the block in the order given, and the next block accepts them', () => {
    const [a, b, c] = [0, 1, 2].map((i) => spendMature(i, 3000n)) as [Transaction, Transaction, Transaction];
    source.transactions = [c, a, b];
    const template = builder.build(minerAddress);
    assert.deepEqual(template.transactions.slice(1), [c, a, b]);
    mine(template);
    source.transactions = [];
    mine(builder.build(minerAddress));
    for (const tx of [a, b, c]) {
      assert.ok(consensus.virtualState().utxo.get(outpointKey(transactionId(tx), 0)), 'its output exists');
    }
    assert.deepEqual(source.removed, []);
  });

  it('drops transactions that are no longer valid and tells the source; a repeat or a child of a candidate waits', () => {
    const spentAlready = spendMature(0, 3000n);
    const good = spend(...mature(3), 3000n, 1, minerScript);
    const rival = spendMature(3, 5000n);
    const badSignature = spendMature(4, 3000n);
    flipBit(badSignature.inputs[0]!.signatureScript, 10);
    const goodOutput = good.outputs[0]!;
    const child = spend(
      outpointKey(transactionId(good), 0),
      { amount: goodOutput.value, scriptPublicKey: minerScript, blockDaaScore: 0, isCoinbase: false },
      3000n,
    );
    source.transactions = [spentAlready, good, rival, badSignature, child, good];
    const template = builder.build(minerAddress);
    assert.deepEqual(template.transactions.slice(1), [good]);
    assert.deepEqual(
      source.removed.map((r) => r.code),
      ['MISSING_UTXO_ENTRIES', 'DOUBLE_SPEND_IN_SAME_BLOCK', 'NULL_FAIL'],
    );
    assert.deepEqual(
      source.removed.map((r) => r.id),
      [spentAlready, rival, badSignature].map((tx) => keyOf(transactionId(tx))),
    );
    mine(template);
    source.transactions = [];
    source.removed.length = 0;
  });

  it('stays under the mass limit: what does not fit is passed over, a later one that fits still goes in', () => {
    const light = spendMature(5, 3000n);
    const heavy = spendMature(6, 3000n, 4);
    const lightToo = spendMature(7, 3000n);
    const limit = transactionMass(light, params) + transactionMass(lightToo, params);
    assert.ok(transactionMass(heavy, params) > transactionMass(lightToo, params));
    const limited = new BlockTemplateBuilder(consensus, source, { maxBlockMass: limit });
    source.transactions = [light, heavy, lightToo];
    source.asked.length = 0;
    const template = limited.build(minerAddress);
    assert.deepEqual(source.asked, [limit]);
    assert.deepEqual(template.transactions.slice(1), [light, lightToo]);
    assert.deepEqual(source.removed, []);
    mine(template);
    source.transactions = [];
  });

  it('refuses a bad pay address, script or option with a typed error', () => {
    rejects(() => builder.build('dagsim:qqqqqqqq'), 'BAD_ADDRESS');
    rejects(() => builder.build(testAddress(testKey('devnet'), DAGWALLET_NETWORKS.devnet)), 'BAD_ADDRESS');
    rejects(() => builder.build(''), 'BAD_ADDRESS');
    rejects(() => builder.build({ version: 0, script: new Uint8Array(151) }), 'BAD_SCRIPT');
    rejects(() => builder.build({ version: 0x1_0000, script: new Uint8Array(34) }), 'BAD_SCRIPT');
    rejects(
      () => new BlockTemplateBuilder(consensus, source, { extraData: new Uint8Array(params.maxCoinbasePayloadLength) }),
      'BAD_EXTRA_DATA',
    );
    rejects(() => new BlockTemplateBuilder(consensus, source, { maxBlockMass: params.maxBlockMass + 1 }), 'BAD_OPTION');
  });
});

function flipBit(bytes: Uint8Array, index: number): void {
  bytes[index] = (bytes[index] as number) ^ 1;
}
