import type { ReactNode } from 'react';
import Link from 'next/link';
import { consentConfig } from './consent-config';
import { ConsentStatus, SettingsButton } from './consent-status';

export const metadata = { title: 'Jet Leasing — Next.js' };

// The widget's snippet is plain HTML first in <head>, rendered on the server: Consent Mode's
// defaults come before any tag, and it runs before the app hydrates. `npm run build` copies its
// files into public/jl-consent/.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ru">
      <head>
        <script type="application/json" id="jl-consent-config" dangerouslySetInnerHTML={{ __html: JSON.stringify(consentConfig) }} />
        <script src="/jl-consent/consent.js" />
      </head>
      <body>
        <nav>
          <Link href="/">Главная</Link> · <Link href="/offers">Предложения</Link> · <SettingsButton />
        </nav>
        <main>{children}</main>
        <ConsentStatus />
      </body>
    </html>
  );
}
