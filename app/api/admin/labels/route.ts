import { route } from "@/lib/api/route";
import { labelSuggestions } from "@/lib/catalogue/label-service";

export const dynamic = "force-dynamic";

/** Class labels to offer: the detector's COCO classes first, then catalogue categories and labels used on tracks. */
export const GET = route({ access: "admin" }, async () => ({ labels: await labelSuggestions() }));
