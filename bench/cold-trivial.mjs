// Cold-start baseline: a Worker that imports nothing.
export default { fetch: () => new Response("ok") };
