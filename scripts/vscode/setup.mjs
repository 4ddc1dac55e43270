// Installs what the offline real-VS Code harness needs, idempotently, into .cache/code-server:
// code-server 4.100.3 (VS Code 1.100.3, the last line that runs on Node 20) and playwright-core,
// plus Debian's chromium, ripgrep and the headers code-server's native modules build against.
// The recipe (and why each step exists) is ../shared/spec/vscode-offline-testing.md.
// Run directly (`node scripts/vscode/setup.mjs`) or imported by run-offline.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const PLAYWRIGHT_VERSION = '1.65.1';
/** Exit code meaning "prerequisites missing, suite not run" (automake's skip code). */
export const EXIT_PREREQ = 77;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cacheDir = path.join(repoRoot, '.cache', 'code-server');
export const codeServerBin = path.join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = '/usr/bin/chromium';

const debianPackages = ['libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev', 'ripgrep', 'chromium'];
const marker = path.join(cacheDir, `.installed-${CODE_SERVER_VERSION}-pw${PLAYWRIGHT_VERSION}`);

export class PrerequisiteError extends Error {}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) {
    throw new PrerequisiteError(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal ?? r.error?.message})`);
  }
}

function missingDebianPackages() {
  return debianPackages.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function ensureDebianPackages(log) {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new PrerequisiteError(`Debian packages missing and not root to install them: ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
}

// @vscode/ripgrep's install script downloads rg from GitHub unless it finds its archive in a
// cache under the OS temp dir; seeding that cache with Debian's rg keeps the install offline.
function seedRipgrepCache(log) {
  const vscodePkg = JSON.parse(fs.readFileSync(path.join(cacheDir, 'node_modules/code-server/lib/vscode/package.json'), 'utf8'));
  const rgVersion = String(vscodePkg.dependencies['@vscode/ripgrep']).replace(/^[^\d]*/, '');
  const dir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${rgVersion}`);
  const archive = path.join(dir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (fs.existsSync(archive)) return;
  log(`seeding ${archive} with /usr/bin/rg`);
  fs.mkdirSync(dir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-seed-'));
  fs.copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  run('tar', ['-czf', archive, '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
}

function npmVersion() {
  return execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
}

function installCodeServer(log) {
  fs.mkdirSync(cacheDir, { recursive: true });
  // Its own package.json keeps npm from walking up to the project's manifest.
  fs.writeFileSync(path.join(cacheDir, 'package.json'), JSON.stringify({ name: 'tplg-budget-vscode-cache', private: true }) + '\n');
  log(`npm install code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_VERSION} (into ${cacheDir})`);
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save',
    `code-server@${CODE_SERVER_VERSION}`, `playwright-core@${PLAYWRIGHT_VERSION}`], { cwd: cacheDir });
  seedRipgrepCache(log);
  log('running code-server postinstall.sh');
  const env = {
    ...process.env,
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_user_agent: `npm/${npmVersion()} node/${process.version} linux x64`,
  };
  run('sh', ['./postinstall.sh'], { cwd: path.join(cacheDir, 'node_modules', 'code-server'), env });
  log('rebuilding argon2 from source');
  run('npm', ['rebuild', 'argon2', '--build-from-source'], { cwd: cacheDir });
  run(process.execPath, [codeServerBin, '--version'], { stdio: ['ignore', 'ignore', 'inherit'] });
  fs.writeFileSync(marker, new Date().toISOString() + '\n');
}

/** Makes sure everything is there; throws PrerequisiteError with a human reason otherwise. */
export function ensurePrerequisites(log = (m) => console.log(`[vscode-setup] ${m}`)) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new PrerequisiteError(`the offline harness supports linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) {
    throw new PrerequisiteError(`code-server ${CODE_SERVER_VERSION} needs Node 20 (this is ${process.version})`);
  }
  ensureDebianPackages(log);
  if (!fs.existsSync(marker)) installCodeServer(log);
  return { codeServerBin, chromiumPath, playwrightDir: path.join(cacheDir, 'node_modules', 'playwright-core') };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const t0 = Date.now();
    ensurePrerequisites();
    console.log(`[vscode-setup] ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    console.error(`\n!!! [vscode-setup] PREREQUISITES MISSING: ${e.message}\n`);
    process.exit(e instanceof PrerequisiteError ? EXIT_PREREQ : 1);
  }
}
