// A progress line for command-line runs, on stderr: a bar, frames done/total, frames per second and
// ETA. On a terminal it redraws one line; otherwise (logs, CI) it prints a line every 10%.

export interface ProgressBar {
  update(done: number, total: number): void;
  done(message?: string): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

export function progressLine(phase: string, done: number, total: number, fps: number | undefined, width = 24): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
  const digits = String(total).length;
  const rate = fps !== undefined && fps > 0 ? `${fps.toFixed(1)} fps` : "--- fps";
  const eta = fps !== undefined && fps > 0 ? formatDuration((total - done) / fps) : "--:--";
  return `${phase.padEnd(9)} [${bar}] ${String(done).padStart(digits)}/${total} frames  ${rate}  ETA ${eta}`;
}

export function createProgressBar(phase: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const tty = stream.isTTY === true;
  const t0 = performance.now();
  let lastDraw = 0;
  let lastDecile = -1;
  let fps: number | undefined;
  let line = "";
  return {
    update(done, total) {
      const now = performance.now();
      const elapsed = (now - t0) / 1000;
      if (elapsed > 0.2 && done > 0) fps = done / elapsed;
      line = progressLine(phase, done, total, fps);
      if (tty) {
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        stream.write(`\r${line}\x1b[K`);
      } else {
        const decile = total > 0 ? Math.floor((done / total) * 10) : 0;
        if (decile === lastDecile) return;
        lastDecile = decile;
        stream.write(`${line}\n`);
      }
    },
    done(message) {
      const text = message ? `${phase.padEnd(9)} ${message}` : line;
      stream.write(tty ? `\r${text}\x1b[K\n` : `${text}\n`);
    },
  };
}
