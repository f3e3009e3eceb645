import type { BlockKey } from './model/block-key.ts';

/**
 * The selected chain moved (kaspad VirtualChangeSet / rusty-kaspa VirtualChainChanged): chain
 * blocks that left it, newest first, and those that joined it, oldest first, each with the IDs
 * (hex) of the transactions it accepted. Wallets and indexes follow the UTXO set by it.
 */
export interface ChainChangedEvent {
  removed: BlockKey[];
  added: { block: BlockKey; acceptedTransactionIds: string[] }[];
}
