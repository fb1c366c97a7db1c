// Vitest globalSetup: builds both Lambda bundles once per run (as `npm run build` does, into
// apps/*/dist), so the tests read the zips Terraform would upload. esbuild takes about a second.
import { join } from 'node:path';
import { bundleLambda, describe } from '@chat/lambda-bundle';
import { repoDir } from './config.ts';

export default async function buildBundles() {
  for (const app of ['api', 'ws']) {
    const result = await bundleLambda({ entry: join(repoDir, `apps/${app}/src/lambda.ts`), outDir: join(repoDir, `apps/${app}/dist`) });
    console.log(describe(result));
  }
}
