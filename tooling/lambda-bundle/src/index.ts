// One Lambda entry -> one ESM file, its source map, and the zip Lambda runs (handler
// `<name>.handler`). Deterministic: the same input gives the same zip, byte for byte, so
// Terraform's source_code_hash only changes when the code does.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { filterSourceMap, type SourceMapV3 } from './sourcemap.ts';

export const KB = 1024;
/**
 * The Node.js major Lambda runs, the one source of it: the esbuild target below, the Terraform
 * runtime (generated into terraform/runtime.tf.json) and the Node every npm script runs on (the
 * root's pinned `node` devDependency; a test fails when its major differs) all follow it.
 */
export const LAMBDA_NODE_MAJOR = 24;
/** The Lambda runtime identifier. */
export const LAMBDA_RUNTIME = `nodejs${LAMBDA_NODE_MAJOR}.x`;
/** esbuild's target. */
export const NODE_TARGET = `node${LAMBDA_NODE_MAJOR}`;
/**
 * Hard limit per zip: the build fails above it (init time grows with bundle size). 200 KB until
 * v2 part 2, whose rooms, DMs and read state took the api's zip to 202 KB (about 70 KB raw of it
 * is @aws-sdk/client-ssm for one GetParameter at cold start).
 */
export const BUDGET_BYTES = 224 * KB;

/**
 * The AWS SDK IS bundled: Lambda's Node.js runtime ships an SDK v3 whose version floats
 * (and which ESM resolution of a bundle does not reliably find), bundling pins it to the
 * lockfile's, and one minified file loads faster than hundreds of runtime files.
 *
 * These modules are left out: the SDK's default credential chain imports them (dynamic
 * `import()`) only after `fromEnv` failed, and Lambda always puts the execution role's
 * credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (and never sets
 * AWS_PROFILE), so on Lambda they are never loaded. Together about 130 KB minified.
 */
export const unreachedOnLambda = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
] as const;

export interface BundleOptions {
  /** The TypeScript entry that exports `handler`. */
  entry: string;
  outDir: string;
  /** Base name: `<name>.mjs`, `<name>.zip`; the Lambda handler is `<name>.handler`. */
  name?: string;
  budgetBytes?: number;
  /** More modules to leave out of the bundle. */
  external?: string[];
}

export interface BundleResult {
  handler: string;
  files: { js: string; map: string; zip: string; meta: string };
  /** The .mjs file's size. */
  rawBytes: number;
  /** The shipped source map's size (our own sources only). */
  mapBytes: number;
  zipBytes: number;
  budgetBytes: number;
  /** True when a bundled CommonJS module calls `require`, so the output defines it. */
  requireBanner: boolean;
}

export class BudgetExceededError extends Error {
  constructor(readonly result: BundleResult) {
    super(`${result.files.zip} is ${formatKb(result.zipBytes)}, over the budget of ${formatKb(result.budgetBytes)}`);
    this.name = 'BudgetExceededError';
  }
}

/** esbuild's stand-in for `require` in ESM output throws this when a CJS module calls it. */
const DYNAMIC_REQUIRE = 'Dynamic require of "';
const REQUIRE_BANNER =
  "import { createRequire as __chatCreateRequire } from 'node:module'; const require = __chatCreateRequire(import.meta.url);";

/** Zip entries get a fixed date and mode: the same bundle gives the same zip. */
const ZIP_MTIME = new Date('2000-01-01T00:00:00Z');
const ZIP_FILE_ATTRS = { os: 3, attrs: 0o100644 * 0x10000, mtime: ZIP_MTIME } as const;

const isOurs = (source: string) => !/(^|[/\\])node_modules[/\\]/.test(source);

export async function bundleLambda(options: BundleOptions): Promise<BundleResult> {
  const name = options.name ?? 'lambda';
  const outDir = resolve(options.outDir);
  const budgetBytes = options.budgetBytes ?? BUDGET_BYTES;
  const outfile = join(outDir, `${name}.mjs`);
  const base: BuildOptions = {
    entryPoints: [resolve(options.entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: NODE_TARGET,
    // ESM builds of dependencies first: they tree-shake, CommonJS ones do not.
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    external: [...unreachedOnLambda, ...(options.external ?? [])],
    metafile: true,
    write: false,
    logLevel: 'warning',
  };
  let requireBanner = false;
  let result = await build(base);
  if (outputText(result.outputFiles, '.mjs').includes(DYNAMIC_REQUIRE)) {
    requireBanner = true;
    result = await build({ ...base, banner: { js: REQUIRE_BANNER } });
  }
  const js = outputBytes(result.outputFiles, '.mjs');
  const fullMap = JSON.parse(outputText(result.outputFiles, '.map')) as SourceMapV3;
  const map = new TextEncoder().encode(JSON.stringify(filterSourceMap(fullMap, isOurs)));

  const files: Zippable = {
    [`${name}.mjs`]: [js, ZIP_FILE_ATTRS],
    [`${name}.mjs.map`]: [map, ZIP_FILE_ATTRS],
  };
  const zip = zipSync(files, { level: 9, mtime: ZIP_MTIME });

  mkdirSync(outDir, { recursive: true });
  const paths = {
    js: outfile,
    map: `${outfile}.map`,
    zip: join(outDir, `${name}.zip`),
    meta: join(outDir, `${name}.meta.json`),
  };
  writeFileSync(paths.js, js);
  writeFileSync(paths.map, map);
  writeFileSync(paths.zip, zip);
  writeFileSync(paths.meta, JSON.stringify(result.metafile));

  const bundle: BundleResult = {
    handler: `${name}.handler`,
    files: paths,
    rawBytes: js.length,
    mapBytes: map.length,
    zipBytes: zip.length,
    budgetBytes,
    requireBanner,
  };
  if (bundle.zipBytes > budgetBytes) throw new BudgetExceededError(bundle);
  return bundle;
}

export function formatKb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}

/** One line for the build log: raw and zipped sizes against the budget. */
export function describe(result: BundleResult): string {
  return (
    `${result.files.zip}: raw ${formatKb(result.rawBytes)} (+ map ${formatKb(result.mapBytes)}), ` +
    `zip ${formatKb(result.zipBytes)} of ${formatKb(result.budgetBytes)} budget` +
    (result.requireBanner ? '; createRequire banner added' : '')
  );
}

function outputBytes(files: { path: string; contents: Uint8Array }[] | undefined, suffix: string): Uint8Array {
  const file = files?.find((f) => f.path.endsWith(suffix));
  if (!file) throw new Error(`esbuild wrote no ${suffix} file`);
  return file.contents;
}

function outputText(files: { path: string; contents: Uint8Array }[] | undefined, suffix: string): string {
  return new TextDecoder().decode(outputBytes(files, suffix));
}

/** A zip's entries (for tests and checks). */
export function readZip(path: string): Record<string, Uint8Array> {
  return unzipSync(readFileSync(path));
}
