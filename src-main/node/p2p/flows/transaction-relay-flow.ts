import { transactionId } from '../../consensus/hashing/tx-hash.ts';
import type { Transaction } from '../../consensus/model/transaction.ts';
import { bytesToHex, hexToBytes } from '../../encoding/hex.ts';
import type { Peer } from '../peer.ts';
import type { FlowContext } from './flow-context.ts';
import { isInvalidTransaction } from './peer-fault.ts';

/**
 * kaspad's HandleRelayedTransactions (flows/transactionrelay): announced transactions we neither
 * hold nor are fetching are requested in one batch; the answers (a Transaction or
 * TransactionNotFound per id, in the order asked) go into the mempool, which relays what it
 * accepts. Provably invalid transactions are an offence; policy refusals are not.
 */
export async function runTransactionRelayFlow(peer: Peer, context: FlowContext): Promise<void> {
  const route = peer.route(['invTransactions', 'transaction', 'transactionNotFound']);
  for (;;) {
    const message = await route.expect(['invTransactions', 'transaction', 'transactionNotFound']);
    if (message.type !== 'invTransactions') {
      peer.misbehave('UNREQUESTED_DATA', `${message.type} was not requested`);
      continue;
    }
    const wanted: string[] = [];
    for (const raw of message.ids) {
      const id = bytesToHex(raw);
      peer.knownTransactions.add(id);
      if (context.mempool.has(id) || context.transactionsInFlight.has(id)) continue;
      wanted.push(id);
    }
    if (wanted.length === 0) continue;
    for (const id of wanted) context.transactionsInFlight.add(id);
    try {
      peer.send({ type: 'requestTransactions', ids: wanted.map((id) => hexToBytes(id)) });
      for (const id of wanted) {
        const answer = await route.expect(['transaction', 'transactionNotFound'], context.timings.responseTimeoutMs);
        const answered = bytesToHex(answer.type === 'transaction' ? transactionId(answer.transaction) : answer.id);
        if (answered !== id) {
          peer.misbehave('UNREQUESTED_DATA', `asked for transaction ${id}, got ${answered}`);
          break;
        }
        if (answer.type === 'transaction') {
          context.stats.relayTransactionsReceived++;
          submit(peer, context, id, answer.transaction);
        }
      }
    } finally {
      for (const id of wanted) context.transactionsInFlight.delete(id);
    }
  }
}

function submit(peer: Peer, context: FlowContext, id: string, transaction: Transaction): void {
  try {
    context.submitTransaction(transaction);
  } catch (error) {
    if (isInvalidTransaction(error)) {
      peer.misbehave('INVALID_TRANSACTION', `transaction ${id}: ${(error as Error).message}`);
    } else {
      context.log('debug', `transaction ${id} from ${peer.id} not taken: ${(error as Error).message}`);
    }
  }
}

/** kaspad's HandleRequestedTransactions: each asked id gets its transaction from the pool, or TransactionNotFound. */
export async function runTransactionRequestFlow(peer: Peer, context: FlowContext): Promise<void> {
  const route = peer.route(['requestTransactions']);
  for (;;) {
    const message = await route.expect(['requestTransactions']);
    for (const raw of message.ids) {
      const entry = context.mempool.get(bytesToHex(raw));
      peer.send(entry ? { type: 'transaction', transaction: entry.tx } : { type: 'transactionNotFound', id: raw });
    }
  }
}
