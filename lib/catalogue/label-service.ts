import { listCatalogueLabels, listTrackLabels } from "@/db/queries/labels";
import { suggestLabels, type LabelSuggestion } from "./labels";

/** COCO classes, then the catalogue's item names, then labels used on tracks (each once, normalised). */
export async function labelSuggestions(): Promise<LabelSuggestion[]> {
  const [catalogue, used] = await Promise.all([listCatalogueLabels(), listTrackLabels()]);
  return suggestLabels(catalogue, used);
}
