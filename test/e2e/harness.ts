// E2E harness: builds the playground into a folder of its own, serves it from a tiny static server
// on a free port, and launches Chromium: Debian's /usr/bin/chromium when it is there (CI installs it
// with apt-get; see .ci/run), otherwise the headless shell that the devDependency
// @sparticuz/chromium ships brotli-compressed inside its npm package (unpacked once into the temp
// folder). Never downloads a browser.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";

/** Repository root. */
export const REPO = fileURLToPath(new URL("../..", import.meta.url));
/** Debian's Chromium (apt-get install chromium), used when it is installed. */
export const CHROMIUM = "/usr/bin/chromium";
/** Environment variable naming another Chromium to try first (instead of /usr/bin/chromium). */
export const CHROMIUM_ENV = "AUTOSCALE_CHROMIUM";

/** Runs `vite build` for the playground in a child process (clean env: vitest sets NODE_ENV=test). */
export function buildPlayground(): string {
  // A folder of its own per build: test files run in parallel, and a build into a shared
  // playground/dist deletes the assets another file's pages are loading (a 404 that left CI
  // waiting 90 s for a page that never started).
  const out = mkdtempSync(join(tmpdir(), "autoscale-playground-"));
  const vite = join(REPO, "node_modules", "vite", "bin", "vite.js");
  const r = spawnSync(process.execPath, [vite, "build", "--config", "playground/vite.config.ts", "--logLevel", "warn", "--outDir", out, "--emptyOutDir"], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return out;
}

/** A build of the playground served on 127.0.0.1, and a Chromium to drive it. */
export interface PlaygroundRig {
  readonly url: string;
  /** the build's folder (its own: see buildPlayground) */
  readonly dist: string;
  readonly browser: Browser;
  /** Closes the browser and the server and removes the build. */
  close(): Promise<void>;
}

/** Builds the playground, serves it and launches Chromium (see launchChromium); nothing is left behind on failure. */
export async function startPlayground(): Promise<PlaygroundRig> {
  const dist = buildPlayground();
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  const cleanUp = async (): Promise<void> => {
    await server?.close();
    rmSync(dist, { recursive: true, force: true });
  };
  try {
    server = await serveStatic(dist);
    const browser = await launchChromium();
    return {
      url: server.url,
      dist,
      browser,
      close: async () => {
        await browser.close();
        await cleanUp();
      },
    };
  } catch (e) {
    await cleanUp();
    throw e;
  }
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/** Serves a folder read-only on 127.0.0.1 with an OS-assigned port. */
export async function serveStatic(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(dir, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Which Chromium the tests drive, and how to start it. */
export interface ChromiumChoice {
  readonly source: "system" | "packaged";
  readonly executablePath: string;
  readonly args: readonly string[];
  /** Variables set for the browser process, over this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

const SYSTEM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium to use: $AUTOSCALE_CHROMIUM if set, else /usr/bin/chromium, when that file exists
 * and is executable; otherwise the packaged one (@sparticuz/chromium, unpacked on first use).
 */
export async function resolveChromium(): Promise<ChromiumChoice> {
  const wanted = process.env[CHROMIUM_ENV] || CHROMIUM;
  if (isExecutableFile(wanted)) return { source: "system", executablePath: wanted, args: SYSTEM_ARGS };
  return packagedChromium();
}

let unpacked: Promise<ChromiumChoice> | undefined;

/**
 * @sparticuz/chromium's headless shell. Its executablePath() inflates the binary, SwiftShader and
 * fonts into os.tmpdir() and reuses whatever `chromium` file it finds there; so that a run
 * interrupted half-way, or two test processes unpacking at once, can never leave a truncated
 * binary behind, it unpacks into a fresh staging folder (TMPDIR pointed there for the call) that
 * is then renamed, whole, to a folder named after the package's version.
 */
function packagedChromium(): Promise<ChromiumChoice> {
  unpacked ??= (async () => {
    // The package exports only its entry (build/index.js); its package.json is two folders up.
    const entry = createRequire(import.meta.url).resolve("@sparticuz/chromium");
    const { version } = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as { version: string };
    const { default: packaged } = await import("@sparticuz/chromium");
    const base = tmpdir();
    const dir = join(base, `autoscale-chromium-${version}`);
    const done = join(dir, ".complete");
    if (!existsSync(done)) {
      const staging = mkdtempSync(join(base, `autoscale-chromium-${version}.staging-`));
      const saved = process.env["TMPDIR"];
      process.env["TMPDIR"] = staging;
      try {
        const path = await packaged.executablePath();
        if (path !== join(staging, "chromium")) throw new Error(`@sparticuz/chromium unpacked to ${path}, expected ${staging}`);
      } finally {
        if (saved === undefined) delete process.env["TMPDIR"];
        else process.env["TMPDIR"] = saved;
      }
      writeFileSync(join(staging, ".complete"), `${version}\n`);
      try {
        renameSync(staging, dir);
      } catch (e) {
        rmSync(staging, { recursive: true, force: true });
        // Another process won the race (fine), or a stray folder is in the way (not fine).
        if (!existsSync(done)) throw new Error(`cannot unpack the packaged Chromium into ${dir} (${(e as Error).message}); remove that folder`);
      }
    }
    // The package's flags, less --single-process (made for Lambda: there, closing one page of
    // several takes the whole browser down). The headless shell's renderers take their locale
    // from the environment; under LANG=C.UTF-8 (or C, POSIX) navigator.language is
    // "en-US@posix", which Intl (and so Monaco) rejects: pin it.
    // Also less the flags that put pages and the GPU into fewer processes (--no-zygote,
    // --in-process-gpu, site isolation off): with them, two test files each driving a browser made
    // pages stall for minutes under load.
    const dropped = new Set(["--single-process", "--no-zygote", "--in-process-gpu", "--disable-site-isolation-trials"]);
    const args = [
      ...packaged.args.filter((a) => !dropped.has(a) && !a.startsWith("--disable-features=")),
      "--disable-features=AudioServiceOutOfProcess",
      "--lang=en-US",
    ];
    const env = { LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8" };
    return { source: "packaged" as const, executablePath: join(dir, "chromium"), args, env };
  })();
  unpacked.catch(() => (unpacked = undefined));
  return unpacked;
}

/** Launches Chromium headless (see resolveChromium); throws (never skips) when none starts. */
export async function launchChromium(choice?: ChromiumChoice): Promise<Browser> {
  const { executablePath, args, source, env } = choice ?? (await resolveChromium());
  try {
    return await chromium.launch({ executablePath, args: [...args], headless: true, ...(env && { env: { ...process.env, ...env } }) });
  } catch (e) {
    const hint =
      source === "packaged"
        ? `the packaged Chromium (@sparticuz/chromium) did not start; it needs libnss3, libnspr4 and libexpat1 from the system, or install Debian's: 'apt-get install -y chromium'`
        : `${executablePath} did not start`;
    throw new Error(`${hint}: ${(e as Error).message}`);
  }
}
