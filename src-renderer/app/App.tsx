import { useEffect } from 'react';
import { useNodeStore, usePreferences } from '../store/app-store.ts';
import { DagScreen } from '../screens/dag/DagScreen.tsx';
import { ExplorerScreen } from '../screens/explorer/ExplorerScreen.tsx';
import { HomeScreen } from '../screens/home/HomeScreen.tsx';
import { LogsScreen } from '../screens/logs/LogsScreen.tsx';
import { MiningScreen } from '../screens/mining/MiningScreen.tsx';
import { NetworkScreen } from '../screens/network/NetworkScreen.tsx';
import { SettingsScreen } from '../screens/settings/SettingsScreen.tsx';
import { WalletScreen } from '../screens/wallet/WalletScreen.tsx';
import { StatusBar } from './StatusBar.tsx';
import { href, navigate, useRoute } from './router.ts';

const SCREENS = [
  { id: 'home', label: 'Home', component: HomeScreen },
  { id: 'wallet', label: 'Wallet', component: WalletScreen },
  { id: 'mining', label: 'Mining', component: MiningScreen },
  { id: 'explorer', label: 'Explorer', component: ExplorerScreen },
  { id: 'dag', label: 'DAG', component: DagScreen },
  { id: 'network', label: 'Network', component: NetworkScreen },
  { id: 'settings', label: 'Settings', component: SettingsScreen },
  { id: 'logs', label: 'Logs', component: LogsScreen },
] as const;

function useTheme(): void {
  const theme = usePreferences((state) => state.theme);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () =>
      (document.documentElement.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme);
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}

export function App() {
  useTheme();
  const route = useRoute();
  const walletState = useNodeStore((state) => state.wallet?.state);
  // A first start goes to the wallet screen, which walks through creating or restoring one.
  useEffect(() => {
    if (walletState === 'none' && window.location.hash === '') navigate('wallet');
  }, [walletState]);
  const screen = SCREENS.find((each) => each.id === route.screen) ?? SCREENS[0];
  const Screen = screen.component;
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          dagwallet
        </div>
        {SCREENS.map((each) => (
          <a
            key={each.id}
            href={href(each.id)}
            className={each.id === screen.id ? 'active' : undefined}
            aria-current={each.id === screen.id ? 'page' : undefined}
            data-testid={`nav-${each.id}`}
          >
            {each.label}
          </a>
        ))}
      </nav>
      <div className="main">
        <StatusBar />
        <main className="content" data-testid={`screen-${screen.id}`}>
          <Screen path={route.path} />
        </main>
      </div>
    </div>
  );
}
