import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { count } from "ponder";

// The benchmark asks how many transfers were stored once Ponder reports it caught up.
const app = new Hono();
app.get("/transfers/count", async (c) => {
  const [row] = await db.select({ n: count() }).from(schema.transfer);
  return c.json({ transfers: Number(row?.n ?? 0) });
});
export default app;
