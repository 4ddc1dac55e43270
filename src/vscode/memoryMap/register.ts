// Wires the memory map into the extension: the `sofTopology.showMemoryMap` command (which
// returns the panel, so tests can await its renders) and the serializer that restores the panel
// after a window reload.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Session } from '../session';
import { CompareRunner } from './compareRunner';
import { MEMORY_MAP_VIEW, MemoryMapPanel, type MemoryMapDeps } from './panel';

export function registerMemoryMap(extension: vscode.ExtensionContext, session: Session, log: (line: string) => void): vscode.Disposable[] {
  const compare = new CompareRunner(path.join(extension.extensionPath, 'dist', 'analysisWorker.js'), log);
  const deps: MemoryMapDeps = { extensionUri: extension.extensionUri, session, compare };
  return [
    compare,
    vscode.commands.registerCommand('sofTopology.showMemoryMap', () => MemoryMapPanel.show(deps)),
    vscode.window.registerWebviewPanelSerializer(MEMORY_MAP_VIEW, {
      deserializeWebviewPanel: async (panel) => void MemoryMapPanel.revive(panel, deps),
    }),
  ];
}
