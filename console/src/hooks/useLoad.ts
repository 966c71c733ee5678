import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Loads data when `deps` change; `reload` loads again. Errors are kept as sentences to show.
 * `deps` are the values `load` reads (JSON values): they are compared by value, as one key, so the
 * hook's own dependencies stay checkable; `load` itself is read from a ref, so a new closure each render loads nothing.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const latest = useRef(load);
  latest.current = load;
  const run = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    latest.current().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, []);
  const key = JSON.stringify(deps);
  useEffect(() => {
    void key; // loads again when the caller's deps change
    return run();
  }, [run, key]);
  return { ...state, reload: run };
}
