import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUBNETWORK_ID_NATIVE, type Transaction, type UtxoEntry } from '../consensus/model/transaction.ts';
import { MAX_SOMPI } from '../consensus/validation/tx-constants.ts';
import { MempoolError } from './mempool-error.ts';
import { DEFAULT_MINIMUM_RELAY_FEE_RATE, dustThreshold, isDust, minimumRelayFee } from './relay-fee.ts';
import { isUnspendable, scriptClass } from './script-class.ts';
import { checkSpamOutputs, checkStandardInContext, checkStandardInIsolation } from './standardness.ts';
import { testKey } from '../test-support/test-keys.ts';

const P2PK = testKey('payee').script;
const P2PK_ECDSA = { version: 0, script: Uint8Array.from([0x21, ...new Uint8Array(33).fill(2), 0xab]) };
const P2SH = { version: 0, script: Uint8Array.from([0xaa, 0x20, ...new Uint8Array(32).fill(7), 0x87]) };
const OP_TRUE = { version: 0, script: Uint8Array.from([0x51]) };
const OP_RETURN = { version: 0, script: Uint8Array.from([0x6a, 0x01, 0x00]) };
/** OP_DATA_32 with only 3 bytes after it. */
const MALFORMED = { version: 0, script: Uint8Array.from([0x20, 1, 2, 3]) };

function transaction(fields: Partial<Transaction> = {}): Transaction {
  return {
    version: 0,
    inputs: [
      {
        previousOutpoint: { transactionId: new Uint8Array(32).fill(1), index: 0 },
        signatureScript: new Uint8Array(66),
        sequence: 0n,
        sigOpCount: 1,
      },
    ],
    outputs: [{ value: 10_000n, scriptPublicKey: P2PK }],
    lockTime: 0n,
    subnetworkId: SUBNETWORK_ID_NATIVE,
    gas: 0n,
    payload: new Uint8Array(0),
    storageMass: 0n,
    ...fields,
  };
}

const entry = (fields: Partial<UtxoEntry> = {}): UtxoEntry => ({
  amount: 100_000n,
  scriptPublicKey: P2PK,
  blockDaaScore: 0,
  isCoinbase: false,
  ...fields,
});

const rejectsWith = (code: string, run: () => void) =>
  assert.throws(run, (error: unknown) => error instanceof MempoolError && error.code === code, `expected ${code}`);

describe('script classes (kaspad txscript GetScriptClass, IsUnspendable)', () => {
  it('recognises the three standard forms and nothing else', () => {
    assert.equal(scriptClass(P2PK.script), 'pubkey');
    assert.equal(scriptClass(P2PK_ECDSA.script), 'pubkeyecdsa');
    assert.equal(scriptClass(P2SH.script), 'scripthash');
    assert.equal(scriptClass(OP_TRUE.script), 'nonstandard');
    assert.equal(scriptClass(MALFORMED.script), 'nonstandard');
    assert.equal(scriptClass(P2PK.script.subarray(0, 33)), 'nonstandard');
  });

  it('calls OP_RETURN scripts and scripts that do not parse unspendable', () => {
    assert.equal(isUnspendable(OP_RETURN.script), true);
    assert.equal(isUnspendable(MALFORMED.script), true);
    assert.equal(isUnspendable(P2PK.script), false);
    assert.equal(isUnspendable(new Uint8Array(0)), false);
  });
});

describe('minimum relay fee and dust (kaspad mempool)', () => {
  it('charges mass × rate / 1000, rounded down, at least the rate, at most MAX_SOMPI', () => {
    assert.equal(minimumRelayFee(1624, 1000n), 1624n);
    assert.equal(minimumRelayFee(1999, 1n), 1n);
    assert.equal(minimumRelayFee(1, 500n), 500n);
    assert.equal(minimumRelayFee(100, 0n), 0n);
    assert.equal(minimumRelayFee(100_000, MAX_SOMPI), MAX_SOMPI);
    // kaspad TestCalcMinRequiredTxRelayFee at the default rate: never 0.
    assert.equal(DEFAULT_MINIMUM_RELAY_FEE_RATE, 1000n);
    assert.equal(minimumRelayFee(100, DEFAULT_MINIMUM_RELAY_FEE_RATE), 100n);
    assert.equal(minimumRelayFee(100_000, DEFAULT_MINIMUM_RELAY_FEE_RATE), 100_000n);
    assert.equal(minimumRelayFee(0, DEFAULT_MINIMUM_RELAY_FEE_RATE), 1000n);
  });

  it('makes a P2PK output below 600 sompi dust at the default rate', () => {
    assert.equal(isDust({ value: 599n, scriptPublicKey: P2PK }, 1000n), true);
    assert.equal(isDust({ value: 600n, scriptPublicKey: P2PK }, 1000n), false);
    // A longer script costs more to relay, so its threshold is higher.
    assert.equal(isDust({ value: 600n, scriptPublicKey: P2SH }, 1000n), true);
    assert.equal(isDust({ value: 1n, scriptPublicKey: P2PK }, 0n), false);
    assert.equal(isDust({ value: 0n, scriptPublicKey: P2PK }, 1000n), true);
    assert.equal(isDust({ value: MAX_SOMPI, scriptPublicKey: P2PK }, 1000n), false);
    // kaspad TestIsTransactionOutputDust's 36-byte script is dust at 605, not at 606.
    const script36 = { version: 0, script: new Uint8Array(36).fill(0x51) };
    assert.equal(isDust({ value: 605n, scriptPublicKey: script36 }, 1000n), true);
    assert.equal(isDust({ value: 606n, scriptPublicKey: script36 }, 1000n), false);
    // The threshold is the smallest value that is not dust, at any rate.
    assert.equal(dustThreshold(P2PK, 1000n), 600n);
    assert.equal(dustThreshold(P2SH, 1000n), 603n);
    assert.equal(dustThreshold(script36, 1000n), 606n);
    for (const rate of [0n, 1n, 999n, 1000n, 1001n, 2500n]) {
      for (const scriptPublicKey of [P2PK, P2SH, script36]) {
        const threshold = dustThreshold(scriptPublicKey, rate);
        assert.equal(isDust({ value: threshold, scriptPublicKey }, rate), false);
        if (threshold > 0n) assert.equal(isDust({ value: threshold - 1n, scriptPublicKey }, rate), true);
      }
    }
  });

  it('makes any unspendable output dust, whatever its value', () => {
    assert.equal(isDust({ value: MAX_SOMPI, scriptPublicKey: OP_RETURN }, 1000n), true);
    assert.equal(isDust({ value: 5000n, scriptPublicKey: MALFORMED }, 1000n), true);
    // No amount is enough: the threshold is above every value.
    assert.equal(dustThreshold(OP_RETURN, 1000n), MAX_SOMPI + 1n);
  });
});

describe('standardness in isolation (kaspad checkTransactionStandardInIsolation)', () => {
  const check = (tx: Transaction, mass = 2000) => checkStandardInIsolation(tx, 'ab'.repeat(32), mass, 1000n);

  it('passes an ordinary payment', () => {
    check(
      transaction({
        outputs: [
          { value: 600n, scriptPublicKey: P2PK },
          { value: 10n ** 8n, scriptPublicKey: P2SH },
        ],
      }),
    );
  });

  it('refuses each rule with its own code', () => {
    rejectsWith('NON_STANDARD_VERSION', () => check(transaction({ version: 1 })));
    rejectsWith('MASS_TOO_HIGH', () => check(transaction(), 100_001));
    check(transaction(), 100_000);
    const longScript = transaction();
    (longScript.inputs[0] as Transaction['inputs'][number]).signatureScript = new Uint8Array(1651);
    rejectsWith('SIGNATURE_SCRIPT_TOO_LONG', () => check(longScript));
    rejectsWith('UNKNOWN_SCRIPT_VERSION', () =>
      check(transaction({ outputs: [{ value: 10_000n, scriptPublicKey: { ...P2PK, version: 1 } }] })),
    );
    rejectsWith('NON_STANDARD_OUTPUT_SCRIPT', () =>
      check(transaction({ outputs: [{ value: 10_000n, scriptPublicKey: OP_TRUE }] })),
    );
    rejectsWith('NON_STANDARD_OUTPUT_SCRIPT', () =>
      check(transaction({ outputs: [{ value: 10_000n, scriptPublicKey: OP_RETURN }] })),
    );
    rejectsWith('DUST_OUTPUT', () => check(transaction({ outputs: [{ value: 599n, scriptPublicKey: P2PK }] })));
  });

  it('names the transaction and the output in the message', () => {
    assert.throws(
      () =>
        check(
          transaction({
            outputs: [
              { value: 10_000n, scriptPublicKey: P2PK },
              { value: 5n, scriptPublicKey: P2PK },
            ],
          }),
        ),
      /transaction abab.* is not standard: output 1 of 5 sompi is dust/,
    );
  });
});

describe("kaspad's spam rule (v0.12.20 validateTransactionInContext)", () => {
  const outputs = (n: number) => Array.from({ length: n }, () => ({ value: 10_000n, scriptPublicKey: P2PK }));

  it('asks one coin of fee per output beyond the inputs when there are more than two extra', () => {
    rejectsWith('SPAM_OUTPUTS', () =>
      checkSpamOutputs(transaction({ outputs: outputs(4) }), 'id', [entry()], 3n * 10n ** 8n - 1n),
    );
    checkSpamOutputs(transaction({ outputs: outputs(4) }), 'id', [entry()], 3n * 10n ** 8n);
    checkSpamOutputs(transaction({ outputs: outputs(3) }), 'id', [entry()], 0n);
  });

  it('lets a transaction spending a coinbase output split it freely', () => {
    checkSpamOutputs(transaction({ outputs: outputs(50) }), 'id', [entry({ isCoinbase: true })], 0n);
  });
});

describe('standardness in context (kaspad checkTransactionStandardInContext)', () => {
  const check = (tx: Transaction, spent: UtxoEntry, fee = 10_000n, mass = 2000) =>
    checkStandardInContext(tx, 'id', [spent], fee, mass, 1000n);

  it('refuses spending a non-standard script', () => {
    rejectsWith('NON_STANDARD_INPUT_SCRIPT', () => check(transaction(), entry({ scriptPublicKey: OP_TRUE })));
  });

  it('refuses a P2SH redeem script running more than 15 signature operations', () => {
    const redeem = (sigOps: number) => Uint8Array.from([...new Uint8Array(sigOps).fill(0xac), 0x51]);
    const spending = (sigOps: number) =>
      transaction({
        inputs: [
          {
            previousOutpoint: { transactionId: new Uint8Array(32), index: 0 },
            signatureScript: Uint8Array.from([redeem(sigOps).length, ...redeem(sigOps)]),
            sequence: 0n,
            sigOpCount: sigOps,
          },
        ],
      });
    check(spending(15), entry({ scriptPublicKey: P2SH }));
    rejectsWith('TOO_MANY_P2SH_SIG_OPS', () => check(spending(16), entry({ scriptPublicKey: P2SH })));
  });

  it('asks for at least the minimum relay fee of the mass', () => {
    check(transaction(), entry(), 2000n, 2000);
    rejectsWith('FEE_TOO_LOW', () => check(transaction(), entry(), 1999n, 2000));
  });
});
