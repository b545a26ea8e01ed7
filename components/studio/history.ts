"use client";

import { useCallback, useRef, useState } from "react";

/**
 * Undo/redo for studio edits: each command knows its API call and the call that reverses it. Undo replays
 * the inverse, redo the call again. Tracks re-created by a redo get a new id, so commands hold a shared
 * TrackRef whose id is updated then, and later commands on that track follow it.
 */
export type TrackRef = { id: number };
export type Command = { label: string; redo: () => Promise<void>; undo: () => Promise<void> };

export function useHistory() {
  const undoStack = useRef<Command[]>([]);
  const redoStack = useRef<Command[]>([]);
  const refs = useRef(new Map<number, TrackRef>());
  const [labels, setLabels] = useState<{ undo: string | null; redo: string | null }>({ undo: null, redo: null });
  const bump = () => setLabels({ undo: undoStack.current.at(-1)?.label ?? null, redo: redoStack.current.at(-1)?.label ?? null });

  /** The shared reference to a track id (the same object for every command on that track). */
  const ref = useCallback((id: number): TrackRef => {
    let r = refs.current.get(id);
    if (!r) refs.current.set(id, (r = { id }));
    return r;
  }, []);
  /** After a redo re-created a track: the ref now points at its new id. */
  const rebind = useCallback((r: TrackRef, id: number) => {
    r.id = id;
    refs.current.set(id, r);
  }, []);

  const exec = useCallback(async (c: Command) => {
    await c.redo();
    undoStack.current.push(c);
    redoStack.current = [];
    bump();
  }, []);
  const undo = useCallback(async (): Promise<string | null> => {
    const c = undoStack.current.pop();
    if (!c) return null;
    try {
      await c.undo();
    } catch (e) {
      undoStack.current.push(c);
      throw e;
    }
    redoStack.current.push(c);
    bump();
    return c.label;
  }, []);
  const redo = useCallback(async (): Promise<string | null> => {
    const c = redoStack.current.pop();
    if (!c) return null;
    try {
      await c.redo();
    } catch (e) {
      redoStack.current.push(c);
      throw e;
    }
    undoStack.current.push(c);
    bump();
    return c.label;
  }, []);
  /** An edit that cannot be undone (split, merge, follow, delete track) ends the history. */
  const clear = useCallback(() => {
    undoStack.current = [];
    redoStack.current = [];
    bump();
  }, []);

  return {
    exec,
    undo,
    redo,
    clear,
    ref,
    rebind,
    nextUndo: labels.undo,
    nextRedo: labels.redo,
  };
}
