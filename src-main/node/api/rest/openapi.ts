/**
 * The REST API's OpenAPI 3.1 document, written by hand and served at GET /openapi.json. Tests
 * check that it names exactly the routes RestApi serves and that every reply matches its schema
 * (objects are closed: a field added to a reply must be added here).
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const nullable = (schema: Record<string, unknown>) => ({ ...schema, type: [schema.type as string, 'null'] });
const sompi = { type: 'string', pattern: '^[0-9]+$', description: 'Sompi, decimal.' } as const;
const closed = (required: Record<string, unknown>, description?: string) => ({
  type: 'object',
  ...(description === undefined ? {} : { description }),
  required: Object.keys(required),
  properties: required,
  additionalProperties: false,
});

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});
const ok = (schema: Record<string, unknown>, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const hashPath = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description: `${description} 64 hex characters.`,
  schema: { type: 'string' },
});
const addressPath = {
  name: 'address',
  in: 'path',
  required: true,
  description: "An address of the node's network (its prefix, e.g. `dagsim:`, included).",
  schema: { type: 'string' },
};
const limit = (defaultLimit: number, max: number) => ({
  name: 'limit',
  in: 'query',
  description: `Items per page, 1 to ${max}.`,
  schema: { type: 'integer', minimum: 1, maximum: max, default: defaultLimit },
});
const cursor = {
  name: 'cursor',
  in: 'query',
  description:
    "The previous page's nextCursor, unchanged. Pages seek past it in an index, so items added meanwhile neither shift nor repeat a page.",
  schema: { type: 'string' },
};
const acceptedOnly = {
  name: 'acceptedOnly',
  in: 'query',
  description: 'Leave out the transactions no chain block accepted yet.',
  schema: { type: 'boolean', default: false },
};

const badInput = errorResponse(
  'Bad input: errorCode BAD_HASH, BAD_ADDRESS (not an address, a bad checksum, another network) or BAD_PAGING, and a message naming the parameter.',
);
const notFound = errorResponse('No such block or transaction (errorCode NOT_FOUND).');
const internal = errorResponse('The node failed (errorCode INTERNAL; the message says no more).');

const ADDRESS_LISTING_NOTE =
  'Transactions of a block a chain block merged without accepting them (a red block that lost a double spend, for one) are not listed by address; GET /transaction/id/{id} still shows them, with status unaccepted.';

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'dagwallet node REST API',
    version: '1',
    description:
      "Kasparov's REST endpoints, answered by the node from its own store on the local API's port. " +
      'Amounts are decimal sompi strings; hashes and scripts are hex. On a loopback bind reads need no token; POST /transaction ' +
      'always needs the API token (Authorization: Bearer; the node writes it to node.json in its folder), and every route ' +
      'does when the node listens beyond loopback. Errors are {errorCode, errorMessage}. Replies describe a DAG that keeps ' +
      'moving and carry Cache-Control: no-store.',
  },
  paths: {
    '/block/{hash}': {
      get: {
        operationId: 'getBlock',
        summary: 'A block, as the explorer shows it.',
        parameters: [hashPath('hash', 'The block hash.')],
        responses: { 200: ok(ref('Block'), 'The block.'), 400: badInput, 404: notFound, 500: internal },
      },
    },
    '/blocks': {
      get: {
        operationId: 'getBlocks',
        summary: 'Blocks by blue score (ties in the order the node stored them), newest first by default.',
        parameters: [
          {
            name: 'order',
            in: 'query',
            description: 'desc: highest blue score first; asc: from genesis.',
            schema: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
          },
          limit(25, 100),
          cursor,
        ],
        responses: { 200: ok(ref('BlocksPage'), 'A page of blocks.'), 400: badInput, 500: internal },
      },
    },
    '/transaction/id/{id}': {
      get: {
        operationId: 'getTransactionById',
        summary: 'A transaction in a stored block or in the mempool, by ID.',
        parameters: [hashPath('id', 'The transaction ID.')],
        responses: { 200: ok(ref('Transaction'), 'The transaction.'), 400: badInput, 404: notFound, 500: internal },
      },
    },
    '/transaction/hash/{hash}': {
      get: {
        operationId: 'getTransactionByHash',
        summary:
          'A transaction in a stored block, by hash (over the whole transaction, signatures included). Mempool transactions are found by ID only.',
        parameters: [hashPath('hash', 'The transaction hash.')],
        responses: { 200: ok(ref('Transaction'), 'The transaction.'), 400: badInput, 404: notFound, 500: internal },
      },
    },
    '/transactions/address/{address}': {
      get: {
        operationId: 'getTransactionsByAddress',
        summary: 'Transactions paying or spending from an address.',
        description:
          'First the transactions in blocks the virtual merges that no chain block accepted yet (status unaccepted, by ID), then those the selected chain accepted, newest first (by accepting blue score, then acceptance order). ' +
          ADDRESS_LISTING_NOTE +
          ' Mempool transactions are not listed. A transaction a chain block accepts while a client walks the pages may be listed twice, as unaccepted and then as accepted.',
        parameters: [addressPath, limit(25, 100), cursor, acceptedOnly],
        responses: {
          200: ok(ref('AddressTransactionsPage'), 'A page of transactions.'),
          400: badInput,
          500: internal,
        },
      },
    },
    '/transactions/address/{address}/count': {
      get: {
        operationId: 'getTransactionCountByAddress',
        summary: 'How many transactions GET /transactions/address/{address} lists in all.',
        description: ADDRESS_LISTING_NOTE,
        parameters: [addressPath, acceptedOnly],
        responses: { 200: ok(ref('TransactionCount'), 'The count.'), 400: badInput, 500: internal },
      },
    },
    '/transactions/block/{hash}': {
      get: {
        operationId: 'getTransactionsByBlock',
        summary: "A block's transactions, in block order.",
        parameters: [hashPath('hash', 'The block hash.')],
        responses: {
          200: ok(ref('BlockTransactions'), 'The transactions.'),
          400: badInput,
          404: errorResponse('No such block, or only its header is stored (errorCode NOT_FOUND).'),
          500: internal,
        },
      },
    },
    '/utxos/address/{address}': {
      get: {
        operationId: 'getUtxosByAddress',
        summary: "The address's unspent outputs in the virtual's UTXO set (what a new transaction may spend).",
        parameters: [addressPath, limit(100, 1000), cursor],
        responses: { 200: ok(ref('UtxosPage'), 'A page of outputs, by outpoint.'), 400: badInput, 500: internal },
      },
    },
    '/fee-estimates': {
      get: {
        operationId: 'getFeeEstimates',
        summary: 'Fee rates (sompi per gram of mass) and the wait expected at each.',
        responses: {
          200: ok(ref('FeeEstimate'), 'The estimate.'),
          500: internal,
          503: errorResponse('Not enough data yet (errorCode UNAVAILABLE).'),
        },
      },
    },
    '/info': {
      get: {
        operationId: 'getInfo',
        summary: "The node and its DAG: network, version, the sink, the virtual's scores, counts.",
        responses: { 200: ok(ref('Info'), 'The node.'), 500: internal },
      },
    },
    '/transaction': {
      post: {
        operationId: 'submitTransaction',
        summary: 'Submits a transaction to the mempool (and, from there, to peers and block templates).',
        security: [{ apiToken: [] }],
        requestBody: {
          required: true,
          description: 'At most 1 MiB.',
          content: { 'application/json': { schema: ref('SubmitTransactionRequest') } },
        },
        responses: {
          200: ok(ref('SubmitTransactionResult'), 'Taken: into the pool, or as an orphan while a parent is unknown.'),
          400: errorResponse(
            'The body is not {"transaction": hex} (BAD_BODY), or the transaction does not decode (BAD_TRANSACTION).',
          ),
          401: errorResponse('No or a wrong API token (errorCode UNAUTHORIZED).'),
          413: errorResponse('The body is over 1 MiB (errorCode PAYLOAD_TOO_LARGE).'),
          415: errorResponse('The body is not sent as application/json (errorCode UNSUPPORTED_MEDIA_TYPE).'),
          422: errorResponse(
            "The node's rules refuse the transaction: errorCode names the rule (DOUBLE_SPEND, FEE_TOO_LOW, a script or consensus rule, ...).",
          ),
          500: internal,
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document.',
        responses: { 200: ok({ type: 'object' }, 'The OpenAPI 3.1 document.') },
      },
    },
  },
  components: {
    securitySchemes: {
      apiToken: {
        type: 'http',
        scheme: 'bearer',
        description: "The node's API token, made fresh each run and written to node.json in its network folder.",
      },
    },
    schemas: {
      Error: closed({
        errorCode: { type: 'string' },
        errorMessage: { type: 'string' },
      }),
      BlockTransactionSummary: closed({
        transactionId: hex64,
        isCoinbase: { type: 'boolean' },
        inputCount: { type: 'integer' },
        outputCount: { type: 'integer' },
        outputTotal: sompi,
      }),
      Block: closed({
        hash: hex64,
        version: { type: 'integer' },
        parents: { type: 'array', items: hex64, description: 'Direct parents.' },
        children: { type: 'array', items: hex64 },
        hashMerkleRoot: hex64,
        acceptedIdMerkleRoot: hex64,
        utxoCommitment: hex64,
        timestamp: { type: 'integer', description: 'Unix ms.' },
        bits: { type: 'integer' },
        nonce: { type: 'string', description: 'Decimal u64.' },
        daaScore: { type: 'integer' },
        blueScore: { type: 'integer' },
        blueWork: { type: 'string', description: 'Hex.' },
        pruningPoint: hex64,
        selectedParent: nullable(hex64),
        mergesetBlues: { type: 'array', items: hex64 },
        mergesetReds: { type: 'array', items: hex64 },
        isChainBlock: { type: 'boolean', description: "On the virtual's selected chain." },
        color: {
          type: 'string',
          enum: ['blue', 'red', 'unmerged'],
          description: 'As the chain block that merged it colored it.',
        },
        mergedBy: nullable({
          ...hex64,
          description: 'The chain block whose mergeset holds it (itself for a chain block).',
        }),
        confirmations: { type: 'integer', description: "The virtual's blue score minus the block's." },
        transactions: {
          type: ['array', 'null'],
          items: ref('BlockTransactionSummary'),
          description: 'Null while only the header is stored.',
        },
        acceptedTransactionIds: { type: 'array', items: hex64, description: 'For a chain block: what it accepted.' },
        utxoStatus: { type: 'string', enum: ['valid', 'disqualified', 'unknown'] },
      }),
      TransactionInput: closed({
        previousOutpoint: { type: 'string', description: '"txid:index".' },
        signatureScript: { type: 'string' },
        sequence: { type: 'string' },
        amount: nullable({ ...sompi, description: 'Of the output spent; null when the node does not know it.' }),
        address: nullable({
          type: 'string',
          description: 'The spent output paid it; null for a script no address describes.',
        }),
      }),
      TransactionOutput: closed({
        index: { type: 'integer' },
        amount: sompi,
        scriptPublicKey: { type: 'string', description: 'Version (4 hex digits), then the script.' },
        address: nullable({ type: 'string' }),
      }),
      Transaction: closed({
        transactionId: hex64,
        hash: { ...hex64, description: 'Over the whole transaction, signatures included.' },
        version: { type: 'integer' },
        isCoinbase: { type: 'boolean' },
        inputs: { type: 'array', items: ref('TransactionInput') },
        outputs: { type: 'array', items: ref('TransactionOutput') },
        lockTime: { type: 'string' },
        subnetworkId: { type: 'string' },
        payload: { type: 'string' },
        mass: { type: ['integer', 'null'] },
        fee: nullable({ ...sompi, description: 'Null for a coinbase, or when an input is unknown.' }),
        status: {
          type: 'string',
          enum: ['mempool', 'accepted', 'unaccepted'],
          description:
            'accepted: a chain block accepted it; unaccepted: in blocks, not accepted (yet); mempool: waiting in the pool.',
        },
        blocks: { type: 'array', items: hex64, description: 'Blocks whose bodies hold it.' },
        acceptingBlock: nullable(hex64),
        acceptingBlueScore: { type: ['integer', 'null'] },
        confirmations: {
          type: 'integer',
          description:
            "The virtual's blue score minus the accepting block's; 0 while not accepted. Follows reorganisations.",
        },
      }),
      BlocksPage: closed({
        blocks: { type: 'array', items: ref('Block') },
        nextCursor: { type: ['string', 'null'] },
      }),
      AddressTransactionsPage: closed({
        transactions: { type: 'array', items: ref('Transaction') },
        nextCursor: { type: ['string', 'null'] },
      }),
      TransactionCount: closed({ count: { type: 'integer' } }),
      BlockTransactions: closed({ transactions: { type: 'array', items: ref('Transaction') } }),
      Utxo: closed({
        address: { type: 'string' },
        outpoint: { type: 'string', description: '"txid:index".' },
        amount: sompi,
        scriptPublicKey: { type: 'string' },
        blockDaaScore: { type: 'integer' },
        isCoinbase: { type: 'boolean' },
        isSpendable: { type: 'boolean', description: 'False for a coinbase output within the coinbase maturity.' },
      }),
      UtxosPage: closed({
        utxos: { type: 'array', items: ref('Utxo') },
        nextCursor: { type: ['string', 'null'] },
      }),
      FeeRateBucket: closed({
        feerate: { type: 'number', description: 'Sompi per gram of mass.' },
        estimatedSeconds: { type: 'number' },
      }),
      FeeEstimate: closed({
        priorityBucket: ref('FeeRateBucket'),
        normalBuckets: { type: 'array', items: ref('FeeRateBucket') },
        lowBuckets: { type: 'array', items: ref('FeeRateBucket') },
      }),
      Info: closed({
        network: { type: 'string' },
        version: { type: 'string' },
        addressPrefix: { type: 'string' },
        blockCount: { type: 'integer', description: 'Blocks with a body.' },
        headerCount: { type: 'integer' },
        tipHashes: { type: 'array', items: hex64 },
        difficulty: { type: 'number' },
        pastMedianTime: { type: 'integer', description: "Unix ms: the virtual's past median time." },
        virtualParentHashes: { type: 'array', items: hex64 },
        pruningPointHash: hex64,
        virtualDaaScore: { type: 'integer' },
        sink: hex64,
        sinkBlueScore: { type: 'integer' },
        virtualBlueScore: { type: 'integer' },
        mempoolSize: { type: 'integer' },
        coinbaseMaturity: { type: 'integer' },
      }),
      SubmitTransactionRequest: closed({
        transaction: { type: 'string', description: "The transaction in Kaspa's wire encoding, lowercase hex." },
      }),
      SubmitTransactionResult: closed({
        transactionId: hex64,
        status: { type: 'string', enum: ['accepted', 'orphan'] },
      }),
    },
  },
} as const;
