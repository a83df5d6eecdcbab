/**
 * Keeps a tslab kernel usable after a failed import. tslab drives TypeScript's watch program with a
 * fake timer that holds one pending callback, fired by tslab itself when the next cell is compiled.
 * After an import fails, TypeScript watches the `node_modules` folders it looked in; when one changes
 * (an `npm install` or `mkdir node_modules` in the notebook's folder) it schedules a second timer, to
 * re-check the failed imports. tslab never fires that one, and from then on every cell fails with
 * "Unexpected pending rebuildTimer" until the kernel restarts (seen with tslab 1.0.22, TypeScript 5.0.4).
 * That re-check gets a real timer here instead; it then schedules the usual program update through tslab.
 */

type SetTimer = (cb: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => unknown;
type ClearTimer = (handle: unknown) => void;

/** The name of TypeScript 5.0's callback that re-checks failed module lookups. */
const RECHECK = "invalidateResolutionsOfFailedLookup";

/**
 * tslab assigns `setTimeout`/`clearTimeout` on its own object derived from TypeScript's `sys`; accessors
 * on `sys` catch those assignments and wrap tslab's functions.
 */
export function keepFailedImportsRecoverable(sys: object): void {
  const real = new Set<unknown>();
  accessor(
    sys,
    "setTimeout",
    (tslab: SetTimer): SetTimer =>
      (cb, ms, ...args) => {
        if (cb.name !== RECHECK) return tslab(cb, ms, ...args);
        const t = setTimeout(cb, ms, ...args);
        t.unref();
        real.add(t);
        return t;
      },
  );
  accessor(
    sys,
    "clearTimeout",
    (tslab: ClearTimer): ClearTimer =>
      (handle) => {
        if (!real.delete(handle)) return tslab(handle);
        clearTimeout(handle as NodeJS.Timeout);
      },
  );
}

/** An accessor whose setter stores `wrap(value)` per derived object; `sys` itself keeps its own value. */
function accessor<F>(sys: object, key: string, wrap: (f: F) => F): void {
  const base = (sys as Record<string, unknown>)[key];
  const own = new WeakMap<object, F>();
  Object.defineProperty(sys, key, {
    configurable: true,
    enumerable: true,
    get(this: object) {
      return own.get(this) ?? base;
    },
    set(this: object, f: F) {
      own.set(this, wrap(f));
    },
  });
}
