// A file next to the widget's own (`gate.base`), fetched by whoever needs it first and shared with
// the rest; after a failure the next caller fetches again.

/**
 * A function returning the file's contents as `read(response)` gives them (text, JSON), the same
 * promise to every caller until one fails.
 * @param {import('../gate.mjs').Gate} gate
 */
export function fetchOnce(gate, window, file, read) {
  let pending = null;
  return () => {
    pending ||= window.fetch(`${gate.base}${file}`).then((response) => {
      if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
      return read(response);
    }).catch((error) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
