'use client';
// React bindings of the jl-consent package (`jl-consent/react`): a hook and a component over
// isGranted and onDecision. During server rendering and hydration's first pass every optional
// category counts as refused, so the server's HTML and the first client render agree (no
// hydration mismatch); the next render shows the visitor's decision, and every later decision
// re-renders. React is the page's own (an optional peer dependency).
import { createElement, Fragment, useSyncExternalStore } from 'react';
import { isGranted, onDecision } from './index.mjs';

const refusedOnTheServer = () => false;

/** True while `category` is granted; re-renders after every decision. */
export function useConsent(category) {
  return useSyncExternalStore(onDecision, () => isGranted(category), refusedOnTheServer);
}

/** Renders `children` only while `category` is granted, else `fallback` (nothing by default). */
export function Consent({ category, fallback = null, children }) {
  return createElement(Fragment, null, useConsent(category) ? children : fallback);
}
