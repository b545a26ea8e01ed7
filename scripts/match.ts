// npm run -s match -- --clicks <clicks.json> --detections <videoId_detections.json>
// Prints one JSON element per click, in input order: the frame it fell on and the object under it.
import { runMatchCli } from "@/lib/match/cli";

process.exitCode = runMatchCli(process.argv.slice(2));
