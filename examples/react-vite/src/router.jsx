// Client-side routes in a few lines (the History API): a route's content is rendered by React
// after the page's first render, which is what the consent widget must hold back too.
import { useSyncExternalStore } from 'react';

const NAVIGATED = 'app:navigated';
const subscribe = (onChange) => {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
};

/** The current path; re-renders on every navigation. */
export const usePath = () => useSyncExternalStore(subscribe, () => window.location.pathname);

/** A link that navigates without reloading the page. */
export function Link({ to, children }) {
  const navigate = (event) => {
    event.preventDefault();
    window.history.pushState(null, '', to);
    window.dispatchEvent(new Event(NAVIGATED));
  };
  return <a href={to} onClick={navigate}>{children}</a>;
}
