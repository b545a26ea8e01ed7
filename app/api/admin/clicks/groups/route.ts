import { readQuery } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { clickGroups, clickGroupsQuerySchema } from "@/lib/clicks/export";

export const dynamic = "force-dynamic";

// (user, IP, video) groups with their click counts and download links, for the admin UI.
export const GET = route({ access: "admin" }, async ({ req }) => ({ groups: await clickGroups(readQuery(req, clickGroupsQuerySchema)) }));
