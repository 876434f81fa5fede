'use client';
import { useEffect, useState } from 'react';

/**
 * A map the app adds after hydration: held back by the widget (data-consent, data-src), which
 * shows a placeholder in its place until "functional" is granted.
 */
export function OfficeMap() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;
  return (
    <iframe data-consent="functional" data-service="yandex-maps" data-src="/vendor/map.html"
      width={560} height={315} title="Офис на карте" />
  );
}
