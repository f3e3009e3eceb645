import { ScriptError } from './script-error.ts';
import { decodeScriptNum, encodeScriptNum } from './script-num.ts';

const FALSE = new Uint8Array(0);
const TRUE = Uint8Array.of(1);

/** asBool: true when any byte is non-zero, except a lone sign bit at the end (negative zero). */
export function asBool(item: Uint8Array): boolean {
  for (let i = 0; i < item.length; i++) {
    if (item[i] !== 0) return !(i === item.length - 1 && item[i] === 0x80);
  }
  return false;
}

function badIndex(index: number, depth: number): ScriptError {
  return new ScriptError('INVALID_STACK_OPERATION', `index ${index} is invalid for stack size ${depth}`);
}

function badCount(what: string, n: number): ScriptError {
  return new ScriptError('INVALID_STACK_OPERATION', `attempt to ${what} ${n} stack items`);
}

/**
 * The data or alt stack (kaspad stack.go). Items are never mutated in place, so they are shared
 * freely; index 0 is the top.
 */
export class ScriptStack {
  private items: Uint8Array[] = [];

  get depth(): number {
    return this.items.length;
  }

  push(item: Uint8Array): void {
    this.items.push(item);
  }

  pushNumber(n: number): void {
    this.items.push(encodeScriptNum(n));
  }

  pushBool(value: boolean): void {
    this.items.push(value ? TRUE : FALSE);
  }

  pop(): Uint8Array {
    return this.nip(0);
  }

  popNumber(): number {
    return decodeScriptNum(this.pop());
  }

  popBool(): boolean {
    return asBool(this.pop());
  }

  peek(index: number): Uint8Array {
    const item = this.items[this.items.length - 1 - index];
    if (index < 0 || item === undefined) throw badIndex(index, this.items.length);
    return item;
  }

  /** Removes and returns the item `index` below the top. */
  nip(index: number): Uint8Array {
    const at = this.items.length - 1 - index;
    if (index < 0 || at < 0) throw badIndex(index, this.items.length);
    return this.items.splice(at, 1)[0] as Uint8Array;
  }

  dropN(n: number): void {
    if (n < 1) throw badCount('drop', n);
    for (let i = 0; i < n; i++) this.pop();
  }

  /** [x1 x2] → [x1 x2 x1 x2] for n = 2. */
  dupN(n: number): void {
    if (n < 1) throw badCount('dup', n);
    for (let i = 0; i < n; i++) this.push(this.peek(n - 1));
  }

  /** Rotates the top 3n items left by n: [x1 x2 x3] → [x2 x3 x1] for n = 1. */
  rotN(n: number): void {
    if (n < 1) throw badCount('rotate', n);
    for (let i = 0; i < n; i++) this.push(this.nip(3 * n - 1));
  }

  /** Swaps the top n items with the n below: [x1 x2 x3 x4] → [x3 x4 x1 x2] for n = 2. */
  swapN(n: number): void {
    if (n < 1) throw badCount('swap', n);
    for (let i = 0; i < n; i++) this.push(this.nip(2 * n - 1));
  }

  /** Copies the n items below the top n to the top: [x1 x2 x3 x4] → [x1 x2 x3 x4 x1 x2] for n = 2. */
  overN(n: number): void {
    if (n < 1) throw badCount('perform over on', n);
    for (let i = 0; i < n; i++) this.push(this.peek(2 * n - 1));
  }

  pickN(index: number): void {
    this.push(this.peek(index));
  }

  rollN(index: number): void {
    this.push(this.nip(index));
  }

  /** [x1 x2] → [x2 x1 x2] */
  tuck(): void {
    const top = this.pop();
    const second = this.pop();
    this.push(top);
    this.push(second);
    this.push(top);
  }

  clear(): void {
    this.items = [];
  }

  /** Bottom first. */
  toArray(): Uint8Array[] {
    return [...this.items];
  }

  /** Replaces the contents, bottom first. */
  replaceWith(items: readonly Uint8Array[]): void {
    this.items = [...items];
  }
}
