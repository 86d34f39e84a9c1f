// The one clock the JS side reads: Unix seconds, handed to the core, which
// never reads a clock itself (DESIGN.md).

/** The current time as whole Unix seconds. */
export const epochSeconds = () => Math.floor(Date.now() / 1000);
