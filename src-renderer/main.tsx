import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { ClientContext } from './client/client-context.tsx';
import { connectClient } from './client/connect.ts';
import { startLiveUpdates } from './store/live-updates.ts';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const choice = connectClient();
if ('error' in choice) {
  root.render(
    <div className="fatal" role="alert" data-testid="no-token">
      <h1>dagwallet</h1>
      <p>{choice.error}</p>
    </div>,
  );
} else {
  startLiveUpdates(choice.client);
  root.render(
    <StrictMode>
      <ClientContext.Provider value={choice.client}>
        <App />
      </ClientContext.Provider>
    </StrictMode>,
  );
}
