import { currentUser } from "@/lib/auth/identity";
import { DomainError } from "@/lib/errors";
import { readMailFile } from "@/lib/mail/transport";

export const dynamic = "force-dynamic";

// The raw .eml file, as plain text (never rendered as HTML: it is the shop's own mail, shown for reading).
export async function GET(_req: Request, ctx: { params: Promise<{ file: string }> }): Promise<Response> {
  const user = await currentUser();
  if (!user || user.role !== "admin") return new Response("Forbidden", { status: 403 });
  try {
    const bytes = await readMailFile((await ctx.params).file);
    return new Response(new Uint8Array(bytes), { headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff", "cache-control": "no-store" } });
  } catch (e) {
    if (e instanceof DomainError && e.kind === "not_found") return new Response("Not found", { status: 404 });
    throw e;
  }
}
