import ForgeReconciler, { useProductContext } from '@forge/react';
import { GetStartedPage, wizardPathFrom } from './get-started-page';

function App() {
  const context = useProductContext();
  const wizardPath = wizardPathFrom(context?.localId);
  return <GetStartedPage {...(wizardPath !== undefined && { wizardPath })} />;
}

ForgeReconciler.render(<App />);
