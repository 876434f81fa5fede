import { useEffect } from 'react';
import { showPreferences } from 'jl-consent';
import { Consent, useConsent } from 'jl-consent/react';
import { Link, usePath } from './router.jsx';

const CATEGORIES = ['analytics', 'advertising', 'functional'];

/** What the visitor decided, as React sees it: re-rendered after every decision. */
function ConsentStatus() {
  return (
    <ul aria-label="Consent">
      {CATEGORIES.map((category) => <CategoryStatus key={category} category={category} />)}
    </ul>
  );
}

function CategoryStatus({ category }) {
  const granted = useConsent(category);
  return <li data-category={category} data-granted={String(granted)}>{category}: {granted ? 'granted' : 'not granted'}</li>;
}

/** Statistics this app loads itself, only while analytics is granted (rendered inside <Consent>). */
function Statistics() {
  useEffect(() => {
    const script = document.createElement('script');
    script.src = '/vendor/statistics.js';
    document.head.append(script);
    return () => script.remove();
  }, []);
  return <p data-testid="statistics">Statistics are on.</p>;
}

function Home() {
  return <p>Лизинг автомобилей и спецтехники для бизнеса.</p>;
}

/**
 * A video added by React after the first render: held back by the widget (data-consent,
 * data-src), which shows a placeholder in its place until "functional" is granted.
 */
function Video() {
  return (
    <iframe data-consent="functional" data-service="youtube" data-src="/vendor/video.html"
      width="560" height="315" title="Как оформить лизинг" />
  );
}

export function App() {
  const path = usePath();
  return (
    <>
      <nav>
        <Link to="/">Главная</Link> · <Link to="/video">Видео</Link> · <Link to="/calculator">Калькулятор</Link> ·{' '}
        <button type="button" onClick={() => showPreferences()}>Cookie settings</button>
      </nav>
      <main>
        {path === '/video' ? <Video /> : path === '/calculator' ? (
          <Consent category="analytics" fallback={<p data-testid="statistics-off">Statistics wait for your consent.</p>}>
            <Statistics />
          </Consent>
        ) : <Home />}
        <ConsentStatus />
      </main>
    </>
  );
}
