// A tiny assertion kit that runs unchanged in Node, workerd and browsers.

export class AssertionError extends Error {}

export function ok(value, message = "expected a truthy value") {
  if (!value) throw new AssertionError(message);
}

export function equal(actual, expected, message = "") {
  if (!Object.is(actual, expected)) throw new AssertionError(`${message} expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function deepEqual(actual, expected, message = "") {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${message} expected ${e}, got ${a}`);
}

/** Awaits `run()` and checks it throws an EdgeAuthError with `code`. Returns the error. */
export async function rejects(run, code, message = "") {
  let error;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new AssertionError(`${message} expected ${code}, but nothing was thrown`);
  if (error.code !== code) throw new AssertionError(`${message} expected ${code}, got ${error.code ?? "no code"}: ${error.name}: ${error.message}`);
  return error;
}
