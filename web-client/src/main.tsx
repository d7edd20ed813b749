import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, loadScreensFor } from './App';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
// The screens of the page opened are already downloading (index.html preloads them): render
// once they are in, so that they do not suspend (a failed load is shown by the screens' own
// loading, as before).
void loadScreensFor(location.pathname)
  .catch(() => undefined)
  .then(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
