import { create } from 'zustand';
import type {
  BlockAddedPayload,
  LogLineJson,
  MiningStatus,
  NodeInfo,
  SyncStatus,
  WalletStatus,
} from '../../src-shared/api.ts';
import type { NodeClientState } from '../../src-shared/node-client.ts';

/** How many of the newest blocks the live lists keep. */
export const RECENT_BLOCKS_KEPT = 100;
/** Log lines the Logs screen and the "node stopped" panel keep. */
export const LOG_LINES_KEPT = 1000;

/**
 * The node's live state as the screens read it: filled by the first getInfo and then by
 * notifications, applied as one patch per notification batch (see live-updates.ts).
 */
export interface NodeState {
  connection: NodeClientState;
  /** The node stopped or the link to it broke for good: why, in words. */
  stoppedReason: string | null;
  info: NodeInfo | null;
  sync: SyncStatus | null;
  mining: MiningStatus | null;
  wallet: WalletStatus | null;
  peerCount: number;
  mempoolSize: number;
  /** Newest first. */
  recentBlocks: BlockAddedPayload[];
  /** Oldest first. */
  logs: LogLineJson[];
  /** Bumped when the selected chain moves: views that show confirmations re-read. */
  chainVersion: number;
}

export const initialNodeState: NodeState = {
  connection: 'connecting',
  stoppedReason: null,
  info: null,
  sync: null,
  mining: null,
  wallet: null,
  peerCount: 0,
  mempoolSize: 0,
  recentBlocks: [],
  logs: [],
  chainVersion: 0,
};

export const useNodeStore = create<NodeState>(() => initialNodeState);

/** User preferences the renderer keeps itself (localStorage): they never need the node. */
export type Theme = 'system' | 'light' | 'dark';

interface PreferencesState {
  theme: Theme;
  setTheme(theme: Theme): void;
}

const THEME_KEY = 'dagwallet.theme';

function storedTheme(): Theme {
  const value = typeof localStorage === 'undefined' ? null : localStorage.getItem(THEME_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export const usePreferences = create<PreferencesState>((set) => ({
  theme: storedTheme(),
  setTheme(theme) {
    localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
}));
