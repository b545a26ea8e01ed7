import { analyzeActionsTask } from "./analyze-actions";
import { analyzeVideoTask } from "./analyze-video";
import { probeVideoTask } from "./probe-video";
import { pruneClicksTask } from "./prune-clicks";
import type { TaskDef } from "./task";

// Every background task, one line each. A task added here is worked by every worker process.
export const TASKS = [
  probeVideoTask,
  analyzeVideoTask,
  analyzeActionsTask,
] as const;

// Maintenance tasks on a cron schedule (no video, no run), worked by every worker process.
export const SCHEDULED_TASKS = [pruneClicksTask] as const;

// Tasks added at run time (tests, plugins) beside the static list.
const extra = new Map<string, TaskDef>();

export function registerTask(def: TaskDef): void {
  if (TASKS.some((t) => t.name === def.name)) throw new Error(`Task ${def.name} is already registered`);
  extra.set(def.name, def);
}

export function allTasks(): TaskDef[] {
  return [...(TASKS as readonly TaskDef[]), ...extra.values()];
}

export function getTask(name: string): TaskDef | undefined {
  return allTasks().find((t) => t.name === name);
}
