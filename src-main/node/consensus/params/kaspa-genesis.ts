/**
 * Kaspa's genesis blocks as data (rusty-kaspa consensus/core/src/config/genesis.rs, kaspad
 * domain/dagconfig/genesis.go). The coinbase carries the payload only; hash_merkle_root is its
 * transaction hash, which `genesisBlock` recomputes rather than trusts.
 */
export interface GenesisSpec {
  name: string;
  /** The block hash the network is known by; tests hold our hashing to it. */
  hash: string;
  timestamp: number;
  bits: number;
  nonce: bigint;
  daaScore: number;
  /** The empty MuHash, except on mainnet, whose genesis checkpoints the relaunched network. */
  utxoCommitment: string;
  coinbasePayload: string;
}

export const KASPA_GENESIS = {
  kaspaMainnet: {
    name: 'kaspa-mainnet',
    hash: '58c2d4199e21f910d1571d114969cecef48f09f934d42ccb6a281a15868f2999',
    timestamp: 1637609671037,
    bits: 486722099,
    nonce: 211244n,
    daaScore: 1312860,
    utxoCommitment: '710f27df423e63aa6cdb72b89ea5a06cffa399d66f167704455b5af59def8e20',
    coinbasePayload:
      '000000000000000000e1f5050000000000000100d795d79ed79420d793d79920d7a2d79cd799d79a20d795d7a2d79c20d790d797d799d79a20d799d799d798d79120d791d7a9d790d7a820d79bd7a1d7a4d79020d795d793d794d791d79420d79cd79ed7a2d791d79320d79bd7a8d7a2d795d7aa20d790d79cd794d79bd79d20d7aad7a2d791d793d795d79f0000000000000000000b1f8e1c17b0133d439174e52efbb0c41c3583a8aa66b00fca37ca667c2d550a6c4416dad9717e50927128c424fa4edbebc436ab13aeef',
  },
  kaspaTestnet10: {
    name: 'kaspa-testnet-10',
    hash: 'f896a3034873be1739fc4359236899fd3d65d2bc94f9780df0d0da3eb1cc4370',
    timestamp: 1633687894966,
    bits: 511705087,
    nonce: 83330n,
    daaScore: 0,
    utxoCommitment: '544eb3142c000f0ad2c76ac41f4222abbababed830eeafee4b6dc56b52d5cac0',
    coinbasePayload: '000000000000000000e1f50500000000000001006b617370612d746573746e6574',
  },
  kaspaSimnet: {
    name: 'kaspa-simnet',
    hash: '411f8cd26f3d41aea39e78573927da24d23995705b579f30959b9127e96b79e3',
    timestamp: 1633687894966,
    bits: 545259519,
    nonce: 2n,
    daaScore: 0,
    utxoCommitment: '544eb3142c000f0ad2c76ac41f4222abbababed830eeafee4b6dc56b52d5cac0',
    coinbasePayload: '000000000000000000e1f50500000000000001006b617370612d73696d6e6574',
  },
  kaspaDevnet: {
    name: 'kaspa-devnet',
    hash: '4cb48d0b2073b802360145a15ad1abdc01d89b5c2fe4722630ab9b5fe9dfc4f2',
    timestamp: 1231006505000,
    bits: 505527324,
    nonce: 298590n,
    daaScore: 0,
    utxoCommitment: '544eb3142c000f0ad2c76ac41f4222abbababed830eeafee4b6dc56b52d5cac0',
    coinbasePayload: '000000000000000000e1f50500000000000001006b617370612d6465766e6574',
  },
  // Go kaspad devnet: same block as rusty-kaspa devnet but different bits.
  kaspaGoDevnet: {
    name: 'kaspa-devnet',
    hash: 'b313870a32c704bdf1214a3b270cc475d942c2092d379bc8700ab043319ef846',
    timestamp: 1231006505000,
    bits: 525264379,
    nonce: 298590n,
    daaScore: 0,
    utxoCommitment: '544eb3142c000f0ad2c76ac41f4222abbababed830eeafee4b6dc56b52d5cac0',
    coinbasePayload: '000000000000000000e1f50500000000000001006b617370612d6465766e6574',
  },
} as const satisfies Record<string, GenesisSpec>;
