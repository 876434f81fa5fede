import { Consent } from 'jl-consent/react';
import { OfficeMap } from '../office-map';
import { Statistics } from '../statistics';

// A route reached by client-side navigation: the map appears after hydration, and the statistics
// only while analytics is granted (<Consent> is a client component, usable from server code).
export default function Offers() {
  return (
    <>
      <h1>Предложения</h1>
      <OfficeMap />
      <Consent category="analytics" fallback={<p data-testid="statistics-off">Statistics wait for your consent.</p>}>
        <Statistics />
      </Consent>
    </>
  );
}
