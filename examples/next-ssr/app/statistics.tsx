import Script from 'next/script';

/** Statistics the app loads itself (next/script); rendered only inside <Consent category="analytics">. */
export function Statistics() {
  return (
    <>
      <Script src="/vendor/statistics.js" />
      <p data-testid="statistics">Statistics are on.</p>
    </>
  );
}
