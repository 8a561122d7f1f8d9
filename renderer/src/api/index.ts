/** The one API object the UI uses: Electron's preload bridge, or the test host's HTTP twin. */
import type { SimFleetApi } from '../../../preload/contract';
import { createWebApi } from './web-api';

declare global {
  interface Window {
    readonly simfleet?: SimFleetApi;
  }
}

export const api: SimFleetApi = window.simfleet ?? createWebApi();
