// Types of `jl-consent/react` (react.mjs).
import type { ReactNode } from 'react';
import type { CategoryId } from './index.js';

/** True while `category` is granted; false during server rendering; re-renders after every decision. */
export function useConsent(category: CategoryId): boolean;

export interface ConsentProps {
  /** The category that must be granted. */
  category: CategoryId;
  /** What shows while it is not (nothing by default). */
  fallback?: ReactNode;
  children?: ReactNode;
}

/** Renders `children` only while `category` is granted, else `fallback`. */
export function Consent(props: ConsentProps): ReactNode;
