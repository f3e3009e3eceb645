import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSompi, parseCoins, AmountError } from '../../../src-shared/amount.ts';
import { ApiError } from '../../node/api/api-error.ts';
import { RemoteError, type RpcClient } from '../../node/api/json-rpc/rpc-client.ts';
import { type NodeConfig, networkDir } from '../../node/config/config.ts';
import { networkParams } from '../../node/config/networks.ts';
import { DagwalletError } from '../../node/errors.ts';
import { historyCsv } from '../../node/wallet/history-csv.ts';
import { WalletKeystore } from '../../node/wallet/keystore/wallet-keystore.ts';
import { type ApiCall, WalletService } from '../../node/wallet/wallet-service.ts';
import { CliInputError, CliUsageError, type Command, readInput } from '../command.ts';
import { flagValue, type ParsedFlags, parseFlags } from '../flags.ts';
import { nodeClient } from '../node-client.ts';
import { configFromFlags, LOCATION_FLAGS, LOCATION_USAGE } from '../node-flags.ts';
import { readLine } from '../terminal/read-line.ts';
import { TerminalError } from '../terminal/terminal-error.ts';
import { readPassword } from '../terminal/read-password.ts';

const SUBCOMMANDS = [
  'create',
  'restore',
  'balance',
  'receive',
  'send',
  'history',
  'export',
  'change-password',
] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

const WALLET_FLAGS = {
  values: [
    ...LOCATION_FLAGS,
    'wallet',
    'password-file',
    'new-password-file',
    'mnemonic-file',
    'to',
    'amount',
    'fee-rate',
    'limit',
    'output',
  ],
  switches: ['yes', 'bip39-passphrase'],
} as const;

interface Context {
  flags: ParsedFlags;
  config: NodeConfig;
  path: string;
  /** The node's API; connecting is lazy so `create` works with no node running. */
  client: () => RpcClient;
}

function walletPath(config: NodeConfig, name: string): string {
  if (!/^[\w.-]{1,64}$/.test(name) || name.startsWith('.'))
    throw new CliUsageError('--wallet takes a name of letters, digits, dot, dash and underscore');
  return join(networkDir(config), 'wallets', `${name}.wallet`);
}

/** One secret per file (a password, a phrase), its trailing newline dropped; an unreadable file is exit 1. */
function secretFromFile(path: string): string {
  return readInput(path, (p) => readFileSync(p, 'utf8')).replace(/\r?\n$/, '');
}

async function password(context: Context, prompt: string, confirm = false): Promise<string> {
  const file = flagValue(context.flags, 'password-file');
  if (file !== undefined) return secretFromFile(file);
  const first = await readPassword(prompt);
  if (confirm && (await readPassword('Repeat the password: ')) !== first)
    throw new CliInputError('the two passwords differ; nothing was written');
  return first;
}

function api(context: Context): ApiCall {
  return (method, params) => context.client().call(method, params);
}

async function openWallet(context: Context): Promise<WalletService> {
  // A missing wallet or a stopped node is said before anyone types a password.
  WalletKeystore.readHeader(context.path);
  context.client();
  return WalletService.open(context.path, await password(context, 'Wallet password: '), {
    params: networkParams(context.config.network),
    api: api(context),
    autoLockMs: Number.POSITIVE_INFINITY,
  });
}

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const run: Record<Subcommand, (context: Context) => Promise<number>> = {
  async create(context) {
    const pass = await password(context, 'New wallet password: ', true);
    const bip39Passphrase = context.flags.switches.has('bip39-passphrase')
      ? await readPassword('BIP39 passphrase (a 25th word; empty for none): ')
      : '';
    const { wallet, mnemonic } = await WalletService.create(context.path, pass, {
      params: networkParams(context.config.network),
      api: api(context),
      bip39Passphrase,
    });
    const words = mnemonic.split(' ');
    out(`Wallet created: ${context.path}`);
    out('');
    out('Write these 24 words down, in order, and keep them offline. They are shown only now;');
    out('anyone who has them has your coins, and without them a lost wallet file cannot be restored.');
    out('');
    for (let i = 0; i < words.length; i += 4)
      out(
        words
          .slice(i, i + 4)
          .map((word, j) => `${String(i + j + 1).padStart(2)}. ${word.padEnd(10)}`)
          .join(' '),
      );
    out('');
    out(`First receive address: ${wallet.watchedAddresses()[0]?.address}`);
    wallet.lock();
    return 0;
  },

  async restore(context) {
    const file = flagValue(context.flags, 'mnemonic-file');
    const mnemonic = file
      ? secretFromFile(file).trim()
      : await readPassword('Recovery words (12 or 24, separated by spaces; not shown): ');
    const bip39Passphrase = context.flags.switches.has('bip39-passphrase')
      ? await readPassword('BIP39 passphrase: ')
      : '';
    const pass = await password(context, 'New wallet password: ', true);
    process.stderr.write('Looking for used addresses…\n');
    const { wallet, receiveIndex, changeIndex } = await WalletService.restore(context.path, pass, mnemonic, {
      params: networkParams(context.config.network),
      api: api(context),
      bip39Passphrase,
    });
    out(`Wallet restored: ${context.path}`);
    out(`Used addresses found: ${receiveIndex} receive, ${changeIndex} change`);
    const balance = await wallet.balance();
    out(`Balance: ${formatSompi(balance.total)} (spendable ${formatSompi(balance.spendable)})`);
    wallet.lock();
    return 0;
  },

  async balance(context) {
    const wallet = await openWallet(context);
    const balance = await wallet.balance();
    out(`spendable  ${formatSompi(balance.spendable)}`);
    out(`pending    ${formatSompi(balance.pending)}`);
    out(`immature   ${formatSompi(balance.immature)}`);
    out(`total      ${formatSompi(balance.total)}`);
    wallet.lock();
    return 0;
  },

  async receive(context) {
    const wallet = await openWallet(context);
    out(await wallet.receiveAddress());
    wallet.lock();
    return 0;
  },

  async send(context) {
    const to = flagValue(context.flags, 'to');
    const amountText = flagValue(context.flags, 'amount');
    if (!to || !amountText) throw new CliUsageError('send needs --to ADDRESS and --amount COINS (or max)');
    const amount = amountText === 'max' ? ('max' as const) : parseCoins(amountText);
    const feeRateText = flagValue(context.flags, 'fee-rate');
    const feeRate = feeRateText === undefined ? undefined : Number(feeRateText);
    const wallet = await openWallet(context);
    if (!context.flags.switches.has('yes')) {
      const answer = await readLine(`Send ${amount === 'max' ? 'everything' : formatSompi(amount)} to ${to}? [y/N] `);
      if (!/^y(es)?$/i.test(answer.trim())) {
        out('cancelled');
        wallet.lock();
        return 1;
      }
    }
    const result = await wallet.send({ to, amount, feeRate });
    out(`sent ${formatSompi(result.sent)} to ${to}, fee ${formatSompi(result.fee)}`);
    if (result.transactionIds.length > 1)
      out(
        `compounded ${result.transactionIds.length - 1} transaction(s) first: ${result.transactionIds.length} in all`,
      );
    for (const id of result.transactionIds) out(id);
    wallet.lock();
    return 0;
  },

  async history(context) {
    const wallet = await openWallet(context);
    const limitText = flagValue(context.flags, 'limit');
    if (limitText !== undefined && !/^[1-9]\d{0,3}$/.test(limitText))
      throw new CliUsageError('--limit takes a number from 1 to 9999');
    const entries = await wallet.history(limitText === undefined ? undefined : Number(limitText));
    if (entries.length === 0) out('no transactions yet');
    for (const entry of entries) {
      const when = new Date(entry.timestamp).toISOString().replace('T', ' ').slice(0, 19);
      const net = `${entry.net >= 0n ? '+' : ''}${formatSompi(entry.net)}`;
      out(
        `${when}  ${entry.kind.padEnd(8)} ${net.padStart(20)}  ${String(entry.confirmations).padStart(7)} conf  ${entry.transactionId}`,
      );
    }
    wallet.lock();
    return 0;
  },

  async 'change-password'(context) {
    const current = await password(context, 'Current wallet password: ');
    const wallet = await WalletService.open(context.path, current, {
      params: networkParams(context.config.network),
      api: api(context),
    });
    const newFile = flagValue(context.flags, 'new-password-file');
    const next = newFile ? secretFromFile(newFile) : await readPassword('New wallet password: ');
    if (!newFile && (await readPassword('Repeat the new password: ')) !== next)
      throw new CliInputError('the two passwords differ; the wallet is unchanged');
    await wallet.changePassword(current, next);
    wallet.lock();
    out('password changed');
    return 0;
  },

  async export(context) {
    const wallet = await openWallet(context);
    const csv = historyCsv(await wallet.history());
    wallet.lock();
    const output = flagValue(context.flags, 'output');
    if (output) {
      try {
        writeFileSync(output, csv, { mode: 0o600 });
      } catch (error) {
        throw new CliInputError(`cannot write ${output}: ${(error as Error).message}`, { cause: error });
      }
      out(`history written to ${output}`);
    } else process.stdout.write(csv);
    return 0;
  },
};

/** `dagwallet wallet <subcommand>`: the HD wallet, keys in an encrypted file, coins from the running node. */
export const walletCommand: Command = {
  name: 'wallet',
  usage: `wallet create|restore|balance|receive|send|history|export|change-password [--wallet NAME] [--password-file FILE] ${LOCATION_USAGE}`,
  summary: 'create or restore a wallet, see balance and history, receive and send coins',
  async run(args) {
    const [sub, ...rest] = args;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub))
      throw new CliUsageError(`expected one of: ${SUBCOMMANDS.join(', ')}`);
    const flags = parseFlags(rest, WALLET_FLAGS);
    if (flags.positional.length > 0) throw new CliUsageError(`unexpected argument ${flags.positional[0]}`);
    const config = configFromFlags(flags);
    const context: Context = {
      flags,
      config,
      path: walletPath(config, flagValue(flags, 'wallet') ?? 'default'),
      client: () => nodeClient(networkDir(config)),
    };
    try {
      return await run[sub as Subcommand](context);
    } catch (error) {
      if (error instanceof AmountError) throw new CliUsageError(error.message);
      if (error instanceof TerminalError) throw error;
      if (error instanceof DagwalletError || error instanceof RemoteError || error instanceof ApiError)
        throw new CliInputError(error.message, { cause: error });
      throw error;
    }
  },
};
