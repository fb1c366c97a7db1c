// Rewrites the generated Terraform files (see src/generate.ts).
import { writeFileSync } from 'node:fs';
import { generatedFiles } from '../src/generate.ts';

for (const [name, contents] of Object.entries(await generatedFiles())) {
  writeFileSync(new URL(`../${name}`, import.meta.url), contents);
  console.log(`wrote terraform/${name}`);
}
