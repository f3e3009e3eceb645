import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { KeystoreError } from './errors.ts';
import { MAX_WALLET_FILE_BYTES, parseWalletFile, type WalletFile } from './wallet-file.ts';

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Reads and checks a wallet file (no password involved); a missing or oversized file is refused. */
export function readWalletFile(path: string): WalletFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new KeystoreError('NOT_FOUND', `There is no wallet file at ${path}.`, { cause: error });
    }
    throw error;
  }
  let text: string;
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > MAX_WALLET_FILE_BYTES) {
      throw new KeystoreError('NOT_A_WALLET_FILE', `${path} is not a dagwallet wallet file.`);
    }
    text = readFileSync(fd, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'EISDIR') {
      throw new KeystoreError('NOT_A_WALLET_FILE', `${path} is not a dagwallet wallet file.`, { cause: error });
    }
    throw error;
  } finally {
    closeSync(fd);
  }
  return parseWalletFile(text, path);
}
