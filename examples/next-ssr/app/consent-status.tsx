'use client';
import { showPreferences } from 'jl-consent';
import { useConsent } from 'jl-consent/react';

const CATEGORIES = ['analytics', 'advertising', 'functional'] as const;

/** What the visitor decided, as the app sees it: re-rendered after every decision. */
export function ConsentStatus() {
  return (
    <ul aria-label="Consent">
      {CATEGORIES.map((category) => <CategoryStatus key={category} category={category} />)}
    </ul>
  );
}

function CategoryStatus({ category }: { category: string }) {
  const granted = useConsent(category);
  return <li data-category={category} data-granted={String(granted)}>{category}: {granted ? 'granted' : 'not granted'}</li>;
}

export function SettingsButton() {
  return <button type="button" onClick={() => void showPreferences()}>Cookie settings</button>;
}
