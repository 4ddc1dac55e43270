// A one-line progress bar for terminals, redrawn in place on stderr.

export interface Progress {
  tick(label: string): void;
  done(): void;
}

export function progressBar(total: number, write: (s: string) => void, width = 30): Progress {
  let n = 0;
  const t0 = Date.now();
  return {
    tick(label: string) {
      n++;
      const filled = Math.round((width * n) / Math.max(1, total));
      const secs = ((Date.now() - t0) / 1000).toFixed(0);
      write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n}/${total} ${secs}s ${label.slice(0, 40)}`);
    },
    done() {
      write('\r\x1b[2K');
    },
  };
}
