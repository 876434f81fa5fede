// What gets a placeholder while held back (loader/placeholders/): a frame that waits for its src,
// or a box the page marked for content a script would fill.
export const PLACEHOLDER_TARGETS = 'iframe[data-consent][data-src],[data-consent][data-consent-placeholder]';

/** True when `root` or anything in it would get a placeholder. */
export const hasPlaceholderTargets = (root) => !!(root.matches?.(PLACEHOLDER_TARGETS) || root.querySelector?.(PLACEHOLDER_TARGETS));
