// Types for geometry.js (the extension ships plain JS; these let TypeScript tests import it).
export interface ContainRect {
  x: number;
  y: number;
  width: number;
  height: number;
  scale: number;
}
export interface PlayerPoint {
  x: number;
  y: number;
  playerWidth?: number;
  playerHeight?: number;
  videoWidth?: number;
  videoHeight?: number;
}
export interface PictureClick {
  x: number;
  y: number;
  playerWidth: number;
  playerHeight: number;
  videoWidth: number;
  videoHeight: number;
  videoX: number;
  videoY: number;
}
export function containRect(boxWidth: number, boxHeight: number, videoWidth: number, videoHeight: number): ContainRect;
export function mapPlayerToVideo(p: PlayerPoint): { x: number; y: number; outside: boolean };
export function mapVideoBoxToPlayer(box: readonly [number, number, number, number], playerWidth: number, playerHeight: number, videoWidth: number, videoHeight: number): [number, number, number, number];
export function pointInRect(clientX: number, clientY: number, rect: { left: number; top: number; width: number; height: number }): { x: number; y: number; inside: boolean };
export function clickOnPicture(args: {
  clientX: number;
  clientY: number;
  rect: { left: number; top: number; width: number; height: number };
  videoWidth: number;
  videoHeight: number;
  controlsBand?: number;
}): PictureClick | null;
