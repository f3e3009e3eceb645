import type { Block } from '../../consensus/codec/block-codec.ts';
import { headerHash } from '../../consensus/hashing/header-hash.ts';
import { transactionId } from '../../consensus/hashing/tx-hash.ts';
import { hexToBytes } from '../../encoding/hex.ts';
import { readJsonDagStream } from '../../replay/json-dag-stream.ts';
import { seededBytes } from '../../test-support/seeded-random.ts';
import { mineSimnetBlock, openSimnet, SIMNET } from '../../test-support/simnet.ts';
import { ERA1_STREAMS, vectorPath } from '../../test-support/vectors.ts';
import { IBD_BATCH_SIZE, MAX_BLOCK_LOCATOR_HASHES } from './limits.ts';
import type { WireMessage, WireMessageType } from './messages.ts';
import { PROTOCOL_VERSION, userAgent } from './protocol.ts';

/**
 * Test support for the wire tests: one or more realistic messages of every type, built from a
 * real Go-mined era-1 stream (blocks with transactions) and a few blocks mined on our simnet.
 */

function simnetBlocks(count: number): Block[] {
  const simnet = openSimnet();
  try {
    const blocks: Block[] = [];
    for (let i = 0; i < count; i++) {
      const block = mineSimnetBlock(simnet.consensus);
      simnet.consensus.insertBlock(block.header, block.transactions);
      blocks.push({ header: block.header, transactions: [...block.transactions] });
    }
    return blocks;
  } finally {
    simnet.close();
  }
}

const stream = readJsonDagStream(vectorPath(ERA1_STREAMS[0] as string)).blocks;
const streamBlocks: Block[] = stream.map((b) => ({ header: b.header, transactions: [...b.transactions] }));
/** The era-1 block with the most transactions, and a small one with a few. */
export const BUSIEST_BLOCK = streamBlocks.reduce((a, b) => (b.transactions.length > a.transactions.length ? b : a));
export const SMALL_TX_BLOCK = streamBlocks.find(
  (b) => b.transactions.length >= 2 && b.transactions.length <= 4,
) as Block;
export const SIMNET_BLOCKS = simnetBlocks(3);

const blockHashes = streamBlocks.map((b) => headerHash(b.header));
const txIds = streamBlocks.flatMap((b) => b.transactions.map(transactionId));
const sinkHash = headerHash((SIMNET_BLOCKS.at(-1) as Block).header);
const aTransaction = BUSIEST_BLOCK.transactions.find((tx) => tx.inputs.length > 0) ?? BUSIEST_BLOCK.transactions[0];

/** Realistic messages, at least one per type; `satisfies` below checks none is missing. */
export const SAMPLE_MESSAGES: readonly WireMessage[] = [
  {
    type: 'version',
    protocolVersion: PROTOCOL_VERSION,
    network: SIMNET.name,
    userAgent: userAgent('0.1.0', ['linux-x64']),
    services: 1n,
    selectedTipHash: sinkHash,
    timestamp: 1_795_219_260_123,
    id: seededBytes(1, 16),
    disableRelayTx: false,
  },
  {
    type: 'version',
    protocolVersion: 0xffff_ffff,
    network: 'dagwallet-devnet',
    userAgent: '/dagwallet:0.1.0(ünïcödé ✓ 🚀)/',
    services: 0xffff_ffff_ffff_ffffn,
    selectedTipHash: hexToBytes(SIMNET.genesis.hash),
    timestamp: 0,
    id: seededBytes(2, 16),
    disableRelayTx: true,
  },
  { type: 'verack' },
  { type: 'requestAddresses' },
  {
    type: 'addresses',
    addresses: [
      { multiaddr: '/ip4/127.0.0.1/tcp/16611', lastSeen: 1_795_219_200_000 },
      {
        multiaddr: `/ip6/2001:db8::1/tcp/16611/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA`,
        lastSeen: 1,
      },
      { multiaddr: '/dns4/seed.dagwallet.example/tcp/16611', lastSeen: 0 },
    ],
  },
  { type: 'addresses', addresses: [] },
  { type: 'invRelayBlock', hash: sinkHash },
  { type: 'requestRelayBlocks', hashes: blockHashes.slice(0, 5) },
  { type: 'block', block: SMALL_TX_BLOCK },
  { type: 'block', block: SIMNET_BLOCKS[0] as Block },
  { type: 'block', block: BUSIEST_BLOCK },
  { type: 'invTransactions', ids: txIds.slice(0, 50) },
  { type: 'requestTransactions', ids: txIds.slice(10, 13) },
  { type: 'transaction', transaction: aTransaction as NonNullable<typeof aTransaction> },
  { type: 'transaction', transaction: (SIMNET_BLOCKS[1] as Block).transactions[0] as Block['transactions'][0] },
  { type: 'transactionNotFound', id: txIds[0] as Uint8Array },
  { type: 'ping', nonce: 0x0123_4567_89ab_cdefn },
  { type: 'pong', nonce: 0xffff_ffff_ffff_ffffn },
  { type: 'reject', reason: 'incompatible network: expected dagwallet-devnet, got dagwallet-simnet' },
  { type: 'reject', reason: '' },
  { type: 'requestHeaders', lowHash: blockHashes[0] as Uint8Array, highHash: blockHashes[40] as Uint8Array },
  { type: 'headers', headers: streamBlocks.slice(0, 30).map((b) => b.header) },
  { type: 'headers', headers: SIMNET_BLOCKS.map((b) => b.header) },
  { type: 'doneHeaders' },
  { type: 'requestNextHeaders' },
  { type: 'requestBlockLocator', highHash: sinkHash, limit: MAX_BLOCK_LOCATOR_HASHES },
  { type: 'blockLocator', hashes: blockHashes.filter((_, i) => i % 16 === 0) },
  { type: 'requestIbdChainBlockLocator', lowHash: null, highHash: null },
  { type: 'requestIbdChainBlockLocator', lowHash: blockHashes[1] as Uint8Array, highHash: sinkHash },
  { type: 'ibdChainBlockLocator', hashes: blockHashes.slice(0, 12) },
  { type: 'requestAnticone', blockHash: blockHashes[7] as Uint8Array, contextHash: blockHashes[9] as Uint8Array },
  { type: 'requestIbdBlocks', hashes: blockHashes.slice(0, IBD_BATCH_SIZE) },
  { type: 'ibdBlock', block: SMALL_TX_BLOCK },
  { type: 'ibdBlock', block: SIMNET_BLOCKS[2] as Block },
];

/** The message types SAMPLE_MESSAGES covers, for a test to compare with every type. */
export const SAMPLED_TYPES = new Set<WireMessageType>(SAMPLE_MESSAGES.map((m) => m.type));
