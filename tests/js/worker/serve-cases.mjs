// What every suite worker answers: GET /list, the names of its cases;
// GET /run?case=NAME, `{ ok: true }` or `{ ok: false, error }` for that case.
export async function serveCases(url, cases) {
  if (url.pathname === "/list") return Response.json(cases.map((c) => c.name));
  const chosen = cases.find((c) => c.name === url.searchParams.get("case"));
  if (!chosen) return new Response("no such case", { status: 404 });
  try {
    await chosen.run();
    return Response.json({ ok: true });
  } catch (e) {
    return Response.json({ ok: false, error: `${e?.name}: ${e?.message}` });
  }
}
