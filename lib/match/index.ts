export * from "@/lib/match/geometry";
export * from "@/lib/match/engine";
export * from "@/lib/match/products";
export * from "@/lib/match/files";
export * from "@/lib/match/cache";
export { IntervalTree } from "@/lib/match/interval-tree";
