import './local-shim';
import './wizard.css';
import { createRoot } from 'react-dom/client';
import { Wizard } from './components/Wizard';
import { applyTheme } from './theme';

applyTheme();
const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<Wizard />);
