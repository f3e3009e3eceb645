import type { CallError } from '../../client/client-context.tsx';

/** 1536 → "1.5 KB", in powers of 1,000 like the file managers people compare with. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${value} ${value === 1 ? 'byte' : 'bytes'}`;
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[unit]}`;
}

/** A date and time in the user's locale: "Mar 4, 2025, 14:02". */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * What to tell the user about a failed wallet call. The node's messages are already sentences;
 * a few codes get one that says what to do.
 */
export function walletErrorText(error: CallError): string {
  switch (error.code) {
    case 'WRONG_PASSWORD':
      return 'That password is not right. Check it (and Caps Lock) and try again.';
    case 'LOCKED':
    case 'WALLET_LOCKED':
      return 'The wallet locked itself meanwhile. Unlock it and try again.';
    case 'WEAK_PASSWORD':
      return 'Choose a password: the wallet file cannot be left unencrypted.';
    case 'UNAVAILABLE':
      return `The node cannot do that right now: ${error.message}`;
    case 'NODE_UNREACHABLE':
    case 'CONNECTION_LOST':
      return `The connection to the node was lost: ${error.message}`;
    case 'INSUFFICIENT_FUNDS':
      return `Not enough spendable coins. ${error.message}`;
    case 'BAD_ADDRESS':
      return `That address cannot be paid: ${error.message}`;
    default:
      return error.message;
  }
}
