/**
 * The legacy opcode set (kaspad v0.12 txscript opcode.go). Values 0x01–0x4b push that many
 * bytes; every value without a name below is undefined and fails when executed.
 */
export const Op = {
  False: 0x00,
  Data1: 0x01,
  Data32: 0x20,
  Data33: 0x21,
  Data75: 0x4b,
  PushData1: 0x4c,
  PushData2: 0x4d,
  PushData4: 0x4e,
  Negate1: 0x4f,
  Reserved: 0x50,
  True: 0x51,
  Sixteen: 0x60,
  Nop: 0x61,
  Ver: 0x62,
  If: 0x63,
  NotIf: 0x64,
  VerIf: 0x65,
  VerNotIf: 0x66,
  Else: 0x67,
  EndIf: 0x68,
  Verify: 0x69,
  Return: 0x6a,
  ToAltStack: 0x6b,
  FromAltStack: 0x6c,
  Drop2: 0x6d,
  Dup2: 0x6e,
  Dup3: 0x6f,
  Over2: 0x70,
  Rot2: 0x71,
  Swap2: 0x72,
  IfDup: 0x73,
  Depth: 0x74,
  Drop: 0x75,
  Dup: 0x76,
  Nip: 0x77,
  Over: 0x78,
  Pick: 0x79,
  Roll: 0x7a,
  Rot: 0x7b,
  Swap: 0x7c,
  Tuck: 0x7d,
  Cat: 0x7e,
  SubStr: 0x7f,
  Left: 0x80,
  Right: 0x81,
  Size: 0x82,
  Invert: 0x83,
  And: 0x84,
  Or: 0x85,
  Xor: 0x86,
  Equal: 0x87,
  EqualVerify: 0x88,
  Reserved1: 0x89,
  Reserved2: 0x8a,
  Add1: 0x8b,
  Sub1: 0x8c,
  Mul2: 0x8d,
  Div2: 0x8e,
  Negate: 0x8f,
  Abs: 0x90,
  Not: 0x91,
  NotEqual0: 0x92,
  Add: 0x93,
  Sub: 0x94,
  Mul: 0x95,
  Div: 0x96,
  Mod: 0x97,
  LShift: 0x98,
  RShift: 0x99,
  BoolAnd: 0x9a,
  BoolOr: 0x9b,
  NumEqual: 0x9c,
  NumEqualVerify: 0x9d,
  NumNotEqual: 0x9e,
  LessThan: 0x9f,
  GreaterThan: 0xa0,
  LessThanOrEqual: 0xa1,
  GreaterThanOrEqual: 0xa2,
  Min: 0xa3,
  Max: 0xa4,
  Within: 0xa5,
  Sha256: 0xa8,
  CheckMultiSigEcdsa: 0xa9,
  Blake2b: 0xaa,
  CheckSigEcdsa: 0xab,
  CheckSig: 0xac,
  CheckSigVerify: 0xad,
  CheckMultiSig: 0xae,
  CheckMultiSigVerify: 0xaf,
  CheckLockTimeVerify: 0xb0,
  CheckSequenceVerify: 0xb1,
} as const;
export type Op = (typeof Op)[keyof typeof Op];

/** kaspad's names for the opcodes 0x61–0xb1 in order, "" for the undefined 0xa6/0xa7. */
const NAMES_FROM_NOP = (
  'NOP VER IF NOTIF VERIF VERNOTIF ELSE ENDIF VERIFY RETURN TOALTSTACK FROMALTSTACK 2DROP 2DUP 3DUP ' +
  '2OVER 2ROT 2SWAP IFDUP DEPTH DROP DUP NIP OVER PICK ROLL ROT SWAP TUCK CAT SUBSTR LEFT RIGHT SIZE ' +
  'INVERT AND OR XOR EQUAL EQUALVERIFY RESERVED1 RESERVED2 1ADD 1SUB 2MUL 2DIV NEGATE ABS NOT ' +
  '0NOTEQUAL ADD SUB MUL DIV MOD LSHIFT RSHIFT BOOLAND BOOLOR NUMEQUAL NUMEQUALVERIFY NUMNOTEQUAL ' +
  'LESSTHAN GREATERTHAN LESSTHANOREQUAL GREATERTHANOREQUAL MIN MAX WITHIN - - SHA256 ' +
  'CHECKMULTISIGECDSA BLAKE2B CHECKSIGECDSA CHECKSIG CHECKSIGVERIFY CHECKMULTISIG CHECKMULTISIGVERIFY ' +
  'CHECKLOCKTIMEVERIFY CHECKSEQUENCEVERIFY'
).split(' ');

/** The placeholder names kaspad gives some undefined opcodes at the top of the range. */
const HIGH_NAMES: Record<number, string> = {
  0xfa: 'SMALLINTEGER',
  0xfb: 'PUBKEYS',
  0xfd: 'PUBKEYHASH',
  0xfe: 'PUBKEY',
  0xff: 'INVALIDOPCODE',
};

function nameOf(value: number): string {
  if (value === Op.False) return 'OP_0';
  if (value <= Op.Data75) return `OP_DATA_${value}`;
  if (value <= Op.PushData4) return `OP_PUSHDATA${[1, 2, 4][value - Op.PushData1]}`;
  if (value === Op.Negate1) return 'OP_1NEGATE';
  if (value === Op.Reserved) return 'OP_RESERVED';
  if (value <= Op.Sixteen) return `OP_${value - Op.Reserved}`;
  const named = NAMES_FROM_NOP[value - Op.Nop] ?? HIGH_NAMES[value];
  return named && named !== '-' ? `OP_${named}` : `OP_UNKNOWN${value}`;
}

/** OPCODE_NAMES[value]: kaspad's name for each byte value (OP_UNKNOWN<n> when undefined). */
export const OPCODE_NAMES: readonly string[] = Array.from({ length: 256 }, (_, value) => nameOf(value));

/** Splice, bitwise and multiply/divide/shift opcodes fail even in a branch not taken (isDisabled). */
const DISABLED = new Set<number>([
  Op.Cat,
  Op.SubStr,
  Op.Left,
  Op.Right,
  Op.Invert,
  Op.And,
  Op.Or,
  Op.Xor,
  Op.Mul2,
  Op.Div2,
  Op.Mul,
  Op.Div,
  Op.Mod,
  Op.LShift,
  Op.RShift,
]);

export function isDisabledOpcode(opcode: number): boolean {
  return DISABLED.has(opcode);
}

/** OP_VERIF/OP_VERNOTIF fail even in a branch not taken (alwaysIllegal). */
export function isAlwaysIllegalOpcode(opcode: number): boolean {
  return opcode === Op.VerIf || opcode === Op.VerNotIf;
}

/** The opcodes that run in a branch not taken, to keep the nesting (isConditional). */
export function isConditionalOpcode(opcode: number): boolean {
  return opcode === Op.If || opcode === Op.NotIf || opcode === Op.Else || opcode === Op.EndIf;
}

/** OP_0 and OP_1..OP_16 (isSmallInt; OP_1NEGATE is not one). */
export function isSmallIntOpcode(opcode: number): boolean {
  return opcode === Op.False || (opcode >= Op.True && opcode <= Op.Sixteen);
}

/** The value of a small-int opcode (asSmallInt). */
export function smallIntValue(opcode: number): number {
  return opcode === Op.False ? 0 : opcode - Op.Reserved;
}
