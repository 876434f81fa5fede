'use client';
import { useEffect } from 'react';

/** Statistics the app loads itself; rendered only inside <Consent category="analytics">. */
export function Statistics() {
  useEffect(() => {
    const script = document.createElement('script');
    script.src = '/vendor/statistics.js';
    document.head.append(script);
    return () => script.remove();
  }, []);
  return <p data-testid="statistics">Statistics are on.</p>;
}
