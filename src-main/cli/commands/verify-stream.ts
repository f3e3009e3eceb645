import { headerHash } from '../../node/consensus/hashing/header-hash.ts';
import { hashMerkleRoot } from '../../node/consensus/hashing/merkle.ts';
import { bytesEqual, bytesToHex } from '../../node/encoding/hex.ts';
import { readJsonDagStream } from '../../node/replay/json-dag-stream.ts';
import { CliUsageError, type Command, readInput } from '../command.ts';

/**
 * Checks a Kaspa json-dag-test stream against our data model: every header must hash to the
 * hash the stream states and every block's transactions must give its hash_merkle_root.
 * (Full consensus validation of a stream is `replay`.)
 */
export const verifyStreamCommand: Command = {
  name: 'verify-stream',
  usage: 'verify-stream FILE',
  summary: 'check the header hashes and merkle roots of a Kaspa block stream (.json.gz)',
  async run(args) {
    const [file] = args;
    if (!file || args.length > 1) throw new CliUsageError('expected exactly one stream file');
    const stream = readInput(file, readJsonDagStream);
    const started = performance.now();
    let failures = 0;
    for (const [index, block] of stream.blocks.entries()) {
      const hash = headerHash(block.header);
      if (!bytesEqual(hash, block.expectedHash)) {
        failures++;
        process.stdout.write(
          `block ${index}: header hashes to ${bytesToHex(hash)}, stream says ${bytesToHex(block.expectedHash)}\n`,
        );
      }
      const root = hashMerkleRoot(block.transactions);
      if (!bytesEqual(root, block.header.hashMerkleRoot)) {
        failures++;
        process.stdout.write(
          `block ${bytesToHex(block.expectedHash)}: merkle root ${bytesToHex(root)} differs from the header's\n`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const txCount = stream.blocks.reduce((n, b) => n + b.transactions.length, 0);
    process.stdout.write(
      `${stream.blocks.length} blocks, ${txCount} transactions checked in ${seconds.toFixed(2)} s: ${failures === 0 ? 'all match' : `${failures} mismatches`}\n`,
    );
    return failures === 0 ? 0 : 1;
  },
};
