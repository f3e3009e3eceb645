import { useMemo, useState } from 'react';
import { renderSVG } from 'uqr';
import { href } from '../../app/router.ts';
import { callError, type CallError, useCall, useClient } from '../../client/client-context.tsx';
import { Card, CopyButton, ErrorNotice, Spinner } from '../../ui/components.tsx';
import { walletErrorText } from './format.ts';

/** The address as a QR code, in an <img> from a data: URL (the CSP allows those; no markup is injected). */
export function QrCode({ text, size = 176, testId }: { text: string; size?: number; testId?: string }) {
  const src = useMemo(() => {
    const svg = renderSVG(text, { ecc: 'M', border: 2, whiteColor: '#ffffff', blackColor: '#000000' });
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }, [text]);
  return <img className="qr" src={src} width={size} height={size} alt={`QR code of ${text}`} data-testid={testId} />;
}

export function ReceiveCard() {
  const client = useClient();
  const current = useCall('walletReceiveAddress', {});
  const [fresh, setFresh] = useState<{ address: string; index: number }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError>();
  const shown = fresh ?? current.data;

  const newAddress = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setFresh(await client.call('walletReceiveAddress', { fresh: true }));
    } catch (cause) {
      setError(callError(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title="Receive"
      actions={
        <button
          type="button"
          className="secondary small"
          onClick={() => void newAddress()}
          disabled={busy || !shown}
          data-testid="new-address"
          title="Every payment can go to its own address; all of them belong to this wallet"
        >
          {busy ? 'Deriving…' : 'New address'}
        </button>
      }
      testId="receive-card"
    >
      {shown ? (
        <div className="receive">
          <QrCode text={shown.address} testId="qr-code" />
          <div className="receive-text">
            <div className="stat-label" title={`Derivation index ${shown.index}`}>
              Your address
            </div>
            <div className="receive-address mono" data-testid="receive-address">
              {shown.address}
            </div>
            <div className="row">
              <CopyButton text={shown.address} label="Copy address" />
              <a className="small-link" href={href('explorer', 'address', shown.address)}>
                View in the explorer
              </a>
            </div>
            <p className="field-hint">
              Share this address to be paid. Payments show as pending at once and become spendable when a block accepts
              them.
            </p>
          </div>
        </div>
      ) : current.error ? null : (
        <div className="row receive-loading">
          <Spinner label="Loading the address" /> <span className="muted">Loading the address…</span>
        </div>
      )}
      <ErrorNotice
        error={(error ?? current.error) && walletErrorText((error ?? current.error) as CallError)}
        testId="receive-error"
      />
    </Card>
  );
}
