import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/App';
import { startOfflineUse } from './app/offline';
import { applyStoredTheme } from './ui/theme/theme-choice';
import './ui/styles.css';
import './ui/panels.css';
import './ui/controls.css';
import './ui/charts.css';
import './ui/helpers.css';
import './ui/tables.css';
import './ui/theme-switch.css';
import './ui/layout.css';
import './ui/offline.css';

applyStoredTheme(); // before the first paint: no flash of the system theme when another was chosen
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
startOfflineUse(); // the service worker, in the production build only
