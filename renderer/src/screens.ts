/** The app's screens, in navigation order, with their keyboard shortcuts (Alt+1 ... Alt+5). */
export const SCREENS = [
  { id: 'import', label: 'Import', key: '1' },
  { id: 'batches', label: 'Batches', key: '2' },
  { id: 'labels', label: 'Labels', key: '3' },
  { id: 'settings', label: 'Settings', key: '4' },
  { id: 'account', label: 'Account', key: '5' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];
