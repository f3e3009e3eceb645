import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blake2b256 } from '../crypto/domain-hash.ts';
import {
  bytesToSymbols,
  CHARSET,
  decodeCashAddrData,
  encodeCashAddr,
  encodeCashAddrSymbols,
  symbolsToBytes,
} from '../encoding/cashaddr.ts';
import { bytesToHex, hexToBytes } from '../encoding/hex.ts';
import { DagwalletError } from '../errors.ts';
import { randomBytesFrom, seededRandom } from '../test-support/seeded-random.ts';
import { readVectorJson } from '../test-support/vectors.ts';
import {
  type Address,
  AddressError,
  type AddressErrorCode,
  AddressPrefix,
  AddressVersion,
  addressToScriptPublicKey,
  createAddress,
  decodeAddress,
  encodeAddress,
  isAddressPrefix,
  isAddressVersion,
  MAX_ADDRESS_LENGTH,
  payToScriptHashAddress,
  scriptPublicKeyToAddress,
} from './address.ts';

interface ValidCase {
  prefix: string;
  version: number;
  payload_hex: string;
  address: string;
  source: string;
}

interface GoCase {
  name: string;
  address: string;
  valid: boolean;
  decode_with_prefix: string;
  expected_prefix: string;
  version?: number;
  payload_hex?: string;
  redeem_script_hex?: string;
  constructor_input_hex?: string;
}

interface InvalidCase {
  address: string;
  expected_error?: string;
  expected_error_substring?: string;
  decode_with_prefix?: string;
  source: string;
}

interface AddressVectors {
  valid: ValidCase[];
  go_address_tests: GoCase[];
  invalid: InvalidCase[];
}

const vectors = readVectorJson<AddressVectors>('transcribed', 'addresses.json');

function withVersion(version: number, payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(1 + payload.length);
  bytes[0] = version;
  bytes.set(payload, 1);
  return bytes;
}

function prefixOf(text: string): AddressPrefix {
  assert.ok(isAddressPrefix(text), `vector prefix ${text} is one we know`);
  return text;
}

/** `(unknown: infer from string)` in the vectors means Go was given no expected network. */
function expectedPrefixArg(decodeWith: string | undefined): AddressPrefix | undefined {
  return decodeWith === undefined || decodeWith.startsWith('(') ? undefined : prefixOf(decodeWith);
}

function throwsCode(fn: () => unknown, code: AddressErrorCode, what?: string): void {
  assert.throws(
    fn,
    (err: unknown) => {
      assert.ok(err instanceof AddressError, `${what ?? ''}: expected AddressError, got ${String(err)}`);
      assert.equal(err.code, code, `${what ?? ''}: ${err.message}`);
      return true;
    },
    what,
  );
}

/** Any outcome but an AddressError of an unknown code (or any other exception) is a failure. */
function decodeOrAddressError(text: string): void {
  try {
    decodeAddress(text);
  } catch (err) {
    if (!(err instanceof AddressError))
      throw new Error(`non-AddressError for ${JSON.stringify(text)}: ${err}`, { cause: err });
    assert.ok(err.message.length > 0);
  }
}

/** Maps the upstream error names and messages onto our codes. */
function codeForUpstreamError(c: InvalidCase): AddressErrorCode {
  const e = c.expected_error ?? c.expected_error_substring ?? '';
  if (e.startsWith('DecodingError')) return 'BAD_CHARACTER';
  if (e === 'MissingPrefix') return 'MISSING_PREFIX';
  if (e === 'BadChecksum') return 'BAD_CHECKSUM';
  if (e.startsWith('InvalidPrefix') || e.includes('prefix could not be parsed')) return 'INVALID_PREFIX';
  if (e.includes('unknown address type')) return 'UNKNOWN_VERSION';
  if (e.includes('wrong network')) return 'WRONG_NETWORK';
  throw new Error(`unmapped upstream error: ${e}`);
}

const MAINNET_ZERO = 'kaspa:qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqkx9awp4e';
const MAINNET_KEY = 'kaspa:qp0l70zd5x85ttwd6jv7g3s3a8llzj96d8dncn4zmhv4tlzx5k2jyqh70xmfj';

describe('cashaddr codec (addresses.json valid, including the non-address version 120)', () => {
  it('has the vectors', () => assert.ok(vectors.valid.length >= 30));
  for (const c of vectors.valid) {
    it(`${c.address} (${c.source.split(' ')[0]})`, () => {
      const bytes = withVersion(c.version, hexToBytes(c.payload_hex));
      assert.equal(encodeCashAddr(c.prefix, bytes), c.address);
      const colon = c.address.indexOf(':');
      const decoded = decodeCashAddrData(c.address.slice(0, colon), c.address.slice(colon + 1));
      assert.ok(decoded.ok);
      assert.equal(bytesToHex(decoded.bytes), bytesToHex(bytes));
    });
  }

  it('regroups bits with zero right-padding and refuses any other padding', () => {
    assert.deepEqual(bytesToSymbols(new Uint8Array([0xff])), [31, 28]);
    assert.deepEqual(symbolsToBytes([31, 28]), new Uint8Array([0xff]));
    assert.equal(symbolsToBytes([31, 29]), null, 'non-zero padding bit');
    assert.equal(symbolsToBytes([31, 28, 0]), null, '7 leftover bits: a whole extra symbol');
    assert.deepEqual(symbolsToBytes([]), new Uint8Array(0));
    const rand = seededRandom(7);
    for (let n = 0; n < 70; n++) {
      const bytes = randomBytesFrom(rand, n);
      assert.deepEqual(symbolsToBytes(bytesToSymbols(bytes)), bytes);
    }
  });

  it('refuses symbols outside 0..31 when encoding', () => {
    assert.throws(() => encodeCashAddrSymbols('a', [32]), RangeError);
  });
});

describe('addresses (addresses.json valid)', () => {
  for (const c of vectors.valid) {
    if (!isAddressVersion(c.version)) {
      it(`${c.address}: version ${c.version} is not an address type`, () => {
        throwsCode(() => decodeAddress(c.address), 'UNKNOWN_VERSION');
        throwsCode(
          () =>
            encodeAddress({
              prefix: prefixOf(c.prefix),
              version: c.version as AddressVersion,
              payload: new Uint8Array(),
            }),
          'UNKNOWN_VERSION',
        );
      });
      continue;
    }
    const version = c.version;
    it(`${c.address} encodes and decodes`, () => {
      const address = createAddress(prefixOf(c.prefix), version, hexToBytes(c.payload_hex));
      assert.equal(encodeAddress(address), c.address);
      assert.deepEqual(decodeAddress(c.address), address);
      assert.deepEqual(decodeAddress(c.address, address.prefix), address);
    });
  }
});

describe('addresses (kaspad util/address_test.go)', () => {
  for (const c of vectors.go_address_tests) {
    it(c.name, () => {
      const expected = expectedPrefixArg(c.decode_with_prefix);
      if (c.valid) {
        assert.ok(c.version !== undefined && isAddressVersion(c.version) && c.payload_hex !== undefined);
        const address = decodeAddress(c.address, expected);
        assert.equal(address.prefix, c.expected_prefix);
        assert.equal(address.version, c.version);
        assert.equal(bytesToHex(address.payload), c.payload_hex);
        assert.equal(encodeAddress(address), c.address);
        assert.deepEqual(createAddress(address.prefix, c.version, hexToBytes(c.payload_hex)), address);
        if (c.redeem_script_hex !== undefined) {
          const p2sh = payToScriptHashAddress(hexToBytes(c.redeem_script_hex), address.prefix);
          assert.equal(encodeAddress(p2sh), c.address);
        }
      } else if (c.constructor_input_hex !== undefined) {
        const input = hexToBytes(c.constructor_input_hex);
        const version = c.name.startsWith('p2sh') ? AddressVersion.ScriptHash : AddressVersion.PubKey;
        throwsCode(() => createAddress(prefixOf(c.expected_prefix), version, input), 'BAD_LENGTH');
        // Wrong for every version, not just the one Go's constructor was for.
        for (const v of Object.values(AddressVersion)) {
          throwsCode(() => createAddress(prefixOf(c.expected_prefix), v, input), 'BAD_LENGTH');
          throwsCode(
            () => encodeAddress({ prefix: prefixOf(c.expected_prefix), version: v, payload: input }),
            'BAD_LENGTH',
          );
        }
      } else {
        assert.match(c.name, /bad checksum/);
        throwsCode(() => decodeAddress(c.address, expected), 'BAD_CHECKSUM');
      }
    });
  }
});

describe('invalid addresses (addresses.json invalid)', () => {
  for (const c of vectors.invalid) {
    const code = codeForUpstreamError(c);
    it(`${JSON.stringify(c.address)} -> ${code}`, () => {
      throwsCode(() => decodeAddress(c.address, expectedPrefixArg(c.decode_with_prefix)), code);
    });
  }

  it('reads the kaspatest 20-byte address as a bad length once the network is not in question', () => {
    throwsCode(() => decodeAddress('kaspatest:qqq65mvpxcmajeq44n2n8vfn6u9f8l4zsy0xez0tzw'), 'BAD_LENGTH');
  });
});

describe('address text rules', () => {
  it('refuses mixed case anywhere, including the prefix', () => {
    throwsCode(() => decodeAddress(`KASPA${MAINNET_KEY.slice(5)}`), 'MIXED_CASE');
    throwsCode(() => decodeAddress(MAINNET_KEY.replace('qp0l', 'qP0l')), 'MIXED_CASE');
    throwsCode(() => decodeAddress(`${MAINNET_KEY.slice(0, -1)}J`), 'MIXED_CASE');
  });

  it('refuses all-uppercase, as rusty-kaspa does (kaspad would accept it)', () => {
    throwsCode(() => decodeAddress(MAINNET_KEY.toUpperCase()), 'BAD_CHARACTER');
  });

  it('checks the length before anything else', () => {
    throwsCode(() => decodeAddress('k'.repeat(MAX_ADDRESS_LENGTH + 1)), 'TOO_LONG');
    throwsCode(() => decodeAddress(`${MAINNET_KEY}${' '.repeat(MAX_ADDRESS_LENGTH)}`), 'TOO_LONG');
    throwsCode(() => decodeAddress('k'.repeat(MAX_ADDRESS_LENGTH)), 'MISSING_PREFIX');
  });

  it('names whitespace and missing parts', () => {
    throwsCode(() => decodeAddress(''), 'MISSING_PREFIX');
    throwsCode(() => decodeAddress(':qqqqqq'), 'MISSING_PREFIX');
    throwsCode(() => decodeAddress(` ${MAINNET_KEY}`), 'BAD_CHARACTER');
    throwsCode(() => decodeAddress(`${MAINNET_KEY}\n`), 'BAD_CHARACTER');
    throwsCode(() => decodeAddress('kaspa:'), 'BAD_LENGTH');
    throwsCode(() => decodeAddress('kaspa:qqqqqqqqq'), 'BAD_LENGTH');
    throwsCode(() => decodeAddress(`kaspa:${MAINNET_KEY}`), 'BAD_CHARACTER');
    throwsCode(() => decodeAddress(MAINNET_KEY.replace('kaspa:', 'bitcoin:')), 'INVALID_PREFIX');
  });

  it('refuses another network once the checksum holds', () => {
    throwsCode(() => decodeAddress(MAINNET_KEY, AddressPrefix.Testnet), 'WRONG_NETWORK');
    throwsCode(() => decodeAddress(MAINNET_KEY, AddressPrefix.Dagtest), 'WRONG_NETWORK');
    // A different prefix changes the checksum, so a relabelled address is a checksum error.
    throwsCode(() => decodeAddress(MAINNET_KEY.replace('kaspa:', 'kaspatest:'), AddressPrefix.Mainnet), 'BAD_CHECKSUM');
  });

  it('refuses non-canonical padding even with a valid checksum', () => {
    const symbols = bytesToSymbols(withVersion(0, new Uint8Array(32)));
    assert.equal(symbols.length, 53, '264 bits leave 1 padding bit');
    const flipped = symbols.slice();
    flipped[52] = 1;
    throwsCode(() => decodeAddress(encodeCashAddrSymbols('kaspa', flipped)), 'BAD_PADDING');
    throwsCode(() => decodeAddress(encodeCashAddrSymbols('kaspa', [...symbols, 0])), 'BAD_PADDING');
  });

  it('detects every single-character substitution and adjacent swap as a bad checksum', () => {
    const data = MAINNET_KEY.slice('kaspa:'.length);
    for (let i = 0; i < data.length; i++) {
      for (const ch of CHARSET) {
        if (ch === data[i]) continue;
        const typo = `kaspa:${data.slice(0, i)}${ch}${data.slice(i + 1)}`;
        throwsCode(() => decodeAddress(typo), 'BAD_CHECKSUM', typo);
      }
      const a = data[i];
      const b = data[i + 1];
      if (b === undefined || a === b) continue;
      const swapped = `kaspa:${data.slice(0, i)}${b}${a}${data.slice(i + 2)}`;
      throwsCode(() => decodeAddress(swapped), 'BAD_CHECKSUM', swapped);
    }
  });

  it('refuses every truncation with an AddressError', () => {
    for (const full of [
      MAINNET_KEY,
      MAINNET_ZERO,
      'kaspatest:qxaqrlzlf6wes72en3568khahq66wf27tuhfxn5nytkd8tcep2c0vrse6gdmpks',
    ]) {
      for (let n = 0; n < full.length; n++) {
        const cut = full.slice(0, n);
        assert.throws(() => decodeAddress(cut), AddressError, cut);
        assert.throws(() => decodeAddress(full.slice(full.length - n)), AddressError, cut);
      }
    }
  });

  it('only ever throws AddressError on random text and random bytes', () => {
    const rand = seededRandom(0xda6);
    const pick = (s: string) => s[Math.floor(rand() * s.length)] ?? '';
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
    const prefixes = [...Object.values(AddressPrefix), 'KASPA', 'x', ''];
    let decoded = 0;
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(rand() * 140);
      let text: string;
      switch (i % 4) {
        case 0: {
          // Plausible shape: a known prefix and charset symbols.
          let data = '';
          for (let j = 0; j < len; j++) data += pick(CHARSET);
          text = `${prefixes[Math.floor(rand() * prefixes.length)] ?? ''}:${data}`;
          break;
        }
        case 1: {
          text = '';
          for (let j = 0; j < len; j++) text += pick(ascii);
          break;
        }
        case 2:
          text = Buffer.from(randomBytesFrom(rand, len)).toString('latin1');
          break;
        default:
          text = new TextDecoder().decode(randomBytesFrom(rand, len));
      }
      try {
        decodeAddress(text);
        decoded++;
      } catch (err) {
        if (!(err instanceof AddressError))
          throw new Error(`non-AddressError for ${JSON.stringify(text)}: ${err}`, { cause: err });
        assert.ok(err instanceof DagwalletError && err.name === 'AddressError' && err.message.length > 0);
      }
      decodeOrAddressError(text.toLowerCase());
    }
    assert.equal(decoded, 0, 'random text never forms a valid address');
  });

  it('round-trips random payloads on every prefix and version', () => {
    const rand = seededRandom(42);
    for (const prefix of Object.values(AddressPrefix)) {
      for (const version of Object.values(AddressVersion)) {
        for (let i = 0; i < 8; i++) {
          const payload = randomBytesFrom(rand, version === AddressVersion.PubKeyECDSA ? 33 : 32);
          const address = createAddress(prefix, version, payload);
          const text = encodeAddress(address);
          assert.ok(text.length <= MAX_ADDRESS_LENGTH);
          assert.deepEqual(decodeAddress(text, prefix), address);
        }
      }
    }
  });

  it('copies the payload it is given', () => {
    const payload = new Uint8Array(32);
    const address = createAddress(AddressPrefix.Mainnet, AddressVersion.PubKey, payload);
    payload[0] = 1;
    assert.equal(address.payload[0], 0);
    assert.equal(encodeAddress(address), MAINNET_ZERO);
  });
});

describe('script public keys', () => {
  const key = hexToBytes('5fff3c4da18f45adcdd499e44611e9fff148ba69db3c4ea2ddd955fc46a59522');

  it('builds the three standard scripts, script version 0', () => {
    const p2pk = addressToScriptPublicKey(decodeAddress(MAINNET_KEY));
    assert.equal(p2pk.version, 0);
    assert.equal(bytesToHex(p2pk.script), `20${bytesToHex(key)}ac`);

    const ecdsaKey = 'ba01fc5f4e9d9879599c69a3dafdb835a7255e5f2e934e9322ecd3af190ab0f60e';
    const ecdsa = addressToScriptPublicKey(
      decodeAddress('kaspatest:qxaqrlzlf6wes72en3568khahq66wf27tuhfxn5nytkd8tcep2c0vrse6gdmpks'),
    );
    assert.equal(bytesToHex(ecdsa.script), `21${ecdsaKey}ab`);

    const hash = 'c0a782a06979f1beb5c7784215cb0e7810064cd783353098d771f278c0b0e4d1';
    const p2sh = addressToScriptPublicKey(
      decodeAddress('kaspa:prq20q4qd9ulr044cauyy9wtpeupqpjv67pn2vyc6acly7xqkrjdzmh8rj9f4'),
    );
    assert.equal(bytesToHex(p2sh.script), `aa20${hash}87`);
  });

  it('round-trips every standard script through its address', () => {
    const rand = seededRandom(9);
    for (const version of Object.values(AddressVersion)) {
      for (let i = 0; i < 16; i++) {
        const address = createAddress(
          AddressPrefix.Dagtest,
          version,
          randomBytesFrom(rand, version === AddressVersion.PubKeyECDSA ? 33 : 32),
        );
        const spk = addressToScriptPublicKey(address);
        assert.deepEqual(scriptPublicKeyToAddress(spk, AddressPrefix.Dagtest), address);
        const again = scriptPublicKeyToAddress(spk, AddressPrefix.Dagtest);
        assert.ok(again);
        assert.deepEqual(addressToScriptPublicKey(again), spk);
      }
    }
  });

  it('matches P2SH built from the redeem script', () => {
    const redeem = hexToBytes('5221');
    const address = payToScriptHashAddress(redeem, AddressPrefix.Mainnet);
    assert.deepEqual(address.payload, blake2b256(redeem));
    assert.equal(bytesToHex(addressToScriptPublicKey(address).script), `aa20${bytesToHex(blake2b256(redeem))}87`);
  });

  it('returns null for non-standard scripts', () => {
    const p2pk = addressToScriptPublicKey(createAddress(AddressPrefix.Mainnet, AddressVersion.PubKey, key));
    const cases: Array<[string, { version: number; script: Uint8Array }]> = [
      ['script version 1', { version: 1, script: p2pk.script }],
      ['empty', { version: 0, script: new Uint8Array() }],
      ['one byte short', { version: 0, script: p2pk.script.slice(0, -1) }],
      ['one byte long', { version: 0, script: new Uint8Array([...p2pk.script, 0xac]) }],
      ['ECDSA opcode on a 32-byte key', { version: 0, script: new Uint8Array([0x20, ...key, 0xab]) }],
      ['33-byte push with Schnorr opcode', { version: 0, script: new Uint8Array([0x21, ...key, 0x02, 0xac]) }],
      ['P2SH with OP_EQUALVERIFY', { version: 0, script: new Uint8Array([0xaa, 0x20, ...key, 0x88]) }],
      ['P2SH without OP_BLAKE2B', { version: 0, script: new Uint8Array([0xa8, 0x20, ...key, 0x87]) }],
      ['OP_RETURN', { version: 0, script: new Uint8Array([0x6a, 0x20, ...key]) }],
    ];
    for (const [name, spk] of cases) assert.equal(scriptPublicKeyToAddress(spk, AddressPrefix.Mainnet), null, name);
  });

  it('never builds a script from a short test-only payload', () => {
    const short: Address = decodeAddress('b:pqcq53eqrk0e');
    assert.equal(short.payload.length, 1);
    throwsCode(() => addressToScriptPublicKey(short), 'BAD_LENGTH');
  });
});
