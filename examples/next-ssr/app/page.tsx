// A server component that imports the widget's ESM entry: on the server there is no visitor, so
// it answers as the widget fails closed (nothing optional granted, no decision), and importing it
// touches no window, document or cookie.
import { getDecision, isGranted } from 'jl-consent';

// Rendered for every request, so that the import runs in the server at request time too.
export const dynamic = 'force-dynamic';

export default function Home() {
  return (
    <>
      <h1>Лизинг для бизнеса</h1>
      <p data-testid="server-render">
        Rendered on the server: analytics {isGranted('analytics') ? 'granted' : 'not granted'}, decision {getDecision() === null ? 'unknown' : 'known'}.
      </p>
    </>
  );
}
