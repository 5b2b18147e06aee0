/**
 * `aws-local-stepfunctions` calls `Promise.withResolvers`, which Node only ships from 22: this
 * module installs a standard-conforming polyfill when it is missing. Import it for its effect.
 */
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

declare global {
  interface PromiseConstructor {
    /** ES2024; polyfilled above on Node 20. */
    withResolvers<T>(): { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };
  }
}

export {};
