/**
 * Test support: the worker thread a history store's builder signs payments in (see
 * history-store-payments.ts). It plans blocks while it has credit, one per 'more' message, so it
 * stays a few blocks ahead of consensus instead of filling memory. The builder terminates it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  type FromPlannerMessage,
  type PaymentPlan,
  PaymentPlanner,
  type ToPlannerMessage,
} from './history-store-payments.ts';

if (!parentPort) throw new Error('history-store-worker.ts runs in a worker thread');
const port = parentPort;
/** Blocks planned before the builder asks for more. */
const AHEAD = 3;

const planner = new PaymentPlanner(workerData as PaymentPlan);
let credit = AHEAD;
let finished = false;
const post = (message: FromPlannerMessage): void => port.postMessage(message);

function pump(): void {
  try {
    while (credit > 0 && !finished) {
      const signedBefore = planner.signMs;
      const transactions = planner.nextBlock();
      if (transactions === undefined) {
        finished = true;
        post({ kind: 'done', touched: planner.touched() });
        return;
      }
      credit--;
      post({ kind: 'block', transactions, signMs: planner.signMs - signedBefore });
    }
  } catch (error) {
    finished = true;
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

port.on('message', (message: ToPlannerMessage) => {
  if (message.kind === 'more') {
    credit++;
    pump();
  }
});
pump();
