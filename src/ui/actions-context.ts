/** The store actions, provided once by the composition root so components never hold the worker. */
import { createContext, useContext } from 'react';

import type { AppActions } from '../store/worker-bridge';

export const ActionsContext = createContext<AppActions | null>(null);

export function useActions(): AppActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('useActions outside <ActionsContext.Provider>');
  return actions;
}
