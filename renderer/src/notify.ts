/**
 * Desktop notifications, behind one function for the app and the browser UI: both have the
 * web Notification API (Electron shows it as a system notification). Only when the window is
 * not in front: the alert on screen says it otherwise. Tests replace `window.Notification`.
 */
export function notifyDesktop(title: string, body: string): void {
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  const N = window.Notification as typeof Notification | undefined;
  if (!N) return;
  const show = (): void => void new N(`SimFleet: ${title}`, { body, tag: `simfleet-${title}` });
  if (N.permission === 'granted') show();
  else if (N.permission !== 'denied') void N.requestPermission().then((p) => p === 'granted' && show());
}
