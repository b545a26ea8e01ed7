import { conflict, notFound } from "@/lib/api/errors";
import { idParam, route } from "@/lib/api/route";
import { cancelRun } from "@/lib/jobs";
import { toRun } from "@/lib/videos/dto";

export const dynamic = "force-dynamic";

/** Cancels a queued or running run (409 when it has already finished). */
export const POST = route<"admin", { id: string }>({ access: "admin" }, async ({ params }) => {
  const res = await cancelRun(idParam(params.id, "Run"));
  if (!res) throw notFound("Run");
  if (!res.canceled) throw conflict(`The run has already ${res.run.status === "canceled" ? "been canceled" : res.run.status}`);
  return { run: toRun(res.run) };
});
