/** The temporary folders a test file made (temp-dir-guard.ts), and which of them it left behind. */
import { existsSync, rmSync } from 'node:fs';

export class TempDirTracker {
  private folders: string[] = [];

  /** Records a folder mkdtemp made; returns it. */
  made(folder: string): string {
    this.folders.push(folder);
    return folder;
  }

  /** Forgets the previous file's folders. */
  startFile(): void {
    this.folders = [];
  }

  /** The recorded folders that still exist, removed now (each listed once). */
  removeLeftovers(): string[] {
    const left = [...new Set(this.folders)].filter((folder) => existsSync(folder));
    for (const folder of left) rmSync(folder, { recursive: true, force: true });
    this.folders = [];
    return left;
  }
}
