import type { App, Deps } from '../../http/types';

/** OneRoster import routes (filled in by the roster module). */
export async function rosterRoutes(_app: App, _deps: Deps): Promise<void> {}
