import type { BlockJson } from '../../../src-shared/api.ts';
import { useCall } from '../../client/client-context.tsx';
import { Amount, Card, CopyButton, Notice, Stat, timeAgo } from '../../ui/components.tsx';
import { BLOCK_COLOR_HINT, formatBits, formatCount, formatTime, plural } from './explorer-format.ts';
import {
  Badge,
  BlockLink,
  Field,
  Fields,
  LinkList,
  PageState,
  TransactionLink,
  useChainVersion,
  useNow,
} from './explorer-parts.tsx';

export function BlockPage({ hash }: { hash: string }) {
  const chainVersion = useChainVersion();
  const { data, error, loading, reload } = useCall('getBlock', { hash }, [chainVersion]);
  // An answer for an earlier hash (the page was reused for another block) is not shown.
  const block = data?.hash === hash ? data : undefined;
  return (
    <div className="explorer-page" data-testid="block-page">
      <h1>Block</h1>
      {block ? (
        <BlockDetails block={block} />
      ) : (
        <PageState loading={loading} error={error} subject="block" id={hash} onRetry={reload} />
      )}
    </div>
  );
}

function BlockDetails({ block }: { block: BlockJson }) {
  const now = useNow(5000);
  return (
    <>
      <Card>
        <div className="explorer-id-row">
          <span className="hash explorer-id" data-testid="block-hash">
            {block.hash}
          </span>
          <CopyButton text={block.hash} label="Copy hash" />
        </div>
        <div className="explorer-badges">
          <Badge kind={`color-${block.color}`} testId="block-color" title={BLOCK_COLOR_HINT[block.color]}>
            {block.color}
          </Badge>
          {block.isChainBlock ? (
            <Badge
              kind="chain"
              testId="block-chain"
              title="On the virtual's selected chain: it accepts the transactions of the blocks it merges."
            >
              Chain block
            </Badge>
          ) : (
            <Badge kind="plain" testId="block-chain" title="Not on the virtual's selected chain.">
              Off the selected chain
            </Badge>
          )}
          {block.utxoStatus === 'disqualified' && (
            <Badge kind="bad" title="Its UTXO commitment did not match: it cannot be a chain block.">
              Disqualified from the chain
            </Badge>
          )}
          {block.transactions === null && <Badge kind="plain">Header only</Badge>}
        </div>
        <div className="grid explorer-stats">
          <Stat
            label="Confirmations"
            value={
              <span data-testid="block-confirmations" data-value={block.confirmations}>
                {formatCount(block.confirmations)}
              </span>
            }
          />
          <Stat label="DAA score" value={formatCount(block.daaScore)} />
          <Stat label="Blue score" value={formatCount(block.blueScore)} />
          <Stat
            label="Transactions"
            value={block.transactions === null ? '—' : formatCount(block.transactions.length)}
            hint={block.transactions === null ? 'body not downloaded' : undefined}
          />
          <Stat label="Time" value={timeAgo(block.timestamp, now)} hint={formatTime(block.timestamp)} />
        </div>
      </Card>

      <div className="explorer-columns">
        <Card title="Header">
          <Fields testId="block-header">
            <Field label="Version">{block.version}</Field>
            <Field label="Timestamp">
              {formatTime(block.timestamp)} <span className="muted">({formatCount(block.timestamp)} ms)</span>
            </Field>
            <Field label="Bits">
              <span className="mono">{formatBits(block.bits)}</span> <span className="muted">({block.bits})</span>
            </Field>
            <Field label="Nonce">
              <span className="mono">{block.nonce}</span>
            </Field>
            <Field label="DAA score">{formatCount(block.daaScore)}</Field>
            <Field label="Blue score">{formatCount(block.blueScore)}</Field>
            <Field label="Blue work">
              <span className="mono">{block.blueWork}</span>
            </Field>
            <Field label="Hash merkle root">
              <span className="hash wrap">{block.hashMerkleRoot}</span>
            </Field>
            <Field label="Accepted id merkle root">
              <span className="hash wrap">{block.acceptedIdMerkleRoot}</span>
            </Field>
            <Field label="UTXO commitment">
              <span className="hash wrap">{block.utxoCommitment}</span>
            </Field>
            <Field label="Pruning point">
              <BlockLink hash={block.pruningPoint} />
            </Field>
          </Fields>
        </Card>

        <Card title="Place in the DAG">
          <Fields testId="block-dag">
            <Field label="Selected parent" testId="block-selected-parent">
              {block.selectedParent ? (
                <BlockLink hash={block.selectedParent} />
              ) : (
                <span className="muted">None (genesis)</span>
              )}
            </Field>
            <Field label="Merged by" testId="block-merged-by">
              {block.mergedBy === null ? (
                <span className="muted">No chain block has merged it yet</span>
              ) : block.mergedBy === block.hash ? (
                <span>Itself (a chain block)</span>
              ) : (
                <BlockLink hash={block.mergedBy} />
              )}
            </Field>
            <Field label="Colour">{BLOCK_COLOR_HINT[block.color]}</Field>
            <Field label="UTXO status">
              {block.utxoStatus === 'valid'
                ? 'Valid as a chain block'
                : block.utxoStatus === 'disqualified'
                  ? 'Disqualified: it cannot be on the selected chain'
                  : 'Unknown (never checked as a chain block)'}
            </Field>
            <Field label={`Parents (${block.parents.length})`}>
              <LinkList
                items={block.parents}
                render={(parent) => (
                  <>
                    <BlockLink hash={parent} />
                    {parent === block.selectedParent && <span className="muted"> selected</span>}
                  </>
                )}
                empty="None (genesis)"
                testId="block-parents"
              />
            </Field>
            <Field label={`Children (${block.children.length})`}>
              <LinkList
                items={block.children}
                render={(child) => <BlockLink hash={child} />}
                empty="None yet: it is a tip of the DAG"
                testId="block-children"
              />
            </Field>
            <Field label={`Mergeset blues (${block.mergesetBlues.length})`}>
              <LinkList
                items={block.mergesetBlues}
                render={(blue) => <BlockLink hash={blue} />}
                empty="None"
                testId="block-mergeset-blues"
              />
            </Field>
            <Field label={`Mergeset reds (${block.mergesetReds.length})`}>
              <LinkList
                items={block.mergesetReds}
                render={(red) => <BlockLink hash={red} />}
                empty="None"
                testId="block-mergeset-reds"
              />
            </Field>
          </Fields>
        </Card>
      </div>

      <Card
        title={
          block.transactions === null ? 'Transactions' : `Transactions (${formatCount(block.transactions.length)})`
        }
        testId="block-transactions"
      >
        {block.transactions === null ? (
          <Notice testId="block-header-only">
            Header only: this node has the block's header but has not downloaded its body yet, so its transactions are
            not known here.
          </Notice>
        ) : block.transactions.length === 0 ? (
          <p className="muted">No transactions.</p>
        ) : (
          <div className="explorer-table-scroll">
            <table>
              <thead>
                <tr>
                  <th>Transaction</th>
                  <th className="number">Inputs</th>
                  <th className="number">Outputs</th>
                  <th className="number">Output total</th>
                </tr>
              </thead>
              <tbody>
                {block.transactions.map((transaction) => (
                  <tr key={transaction.transactionId}>
                    <td>
                      <TransactionLink id={transaction.transactionId} chars={16} />
                      {transaction.isCoinbase && (
                        <Badge kind="coinbase" title="Pays the miner: new coins and fees">
                          Coinbase
                        </Badge>
                      )}
                    </td>
                    <td className="number">{formatCount(transaction.inputCount)}</td>
                    <td className="number">{formatCount(transaction.outputCount)}</td>
                    <td className="number">
                      <Amount sompi={transaction.outputTotal} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {block.isChainBlock && (
        <Card
          title={`Accepted transactions (${formatCount(block.acceptedTransactionIds.length)})`}
          testId="block-accepted"
        >
          <p className="muted explorer-card-intro">
            As a chain block it accepts the transactions of the blocks in its mergeset (
            {plural(block.mergesetBlues.length + block.mergesetReds.length, 'block')}) that do not conflict with the
            chain.
          </p>
          <LinkList
            items={block.acceptedTransactionIds}
            render={(id) => <TransactionLink id={id} full />}
            empty="None"
            initial={25}
          />
        </Card>
      )}
    </>
  );
}
