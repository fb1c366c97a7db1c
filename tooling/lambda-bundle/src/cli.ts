// lambda-bundle --entry src/lambda.ts --outdir dist [--name lambda] [--budget-kb 224]
// Bundles one Lambda, prints its raw and zipped sizes, and exits 1 when the zip is over budget.
import { parseArgs } from 'node:util';
import { BUDGET_BYTES, BudgetExceededError, bundleLambda, describe, KB } from './index.ts';

const { values } = parseArgs({
  options: {
    entry: { type: 'string', default: 'src/lambda.ts' },
    outdir: { type: 'string', default: 'dist' },
    name: { type: 'string', default: 'lambda' },
    'budget-kb': { type: 'string', default: String(BUDGET_BYTES / KB) },
  },
});

const budgetKb = Number(values['budget-kb']);
if (!Number.isFinite(budgetKb) || budgetKb <= 0) {
  console.error(`--budget-kb must be a positive number, got ${values['budget-kb']}`);
  process.exit(2);
}

try {
  const result = await bundleLambda({
    entry: values.entry,
    outDir: values.outdir,
    name: values.name,
    budgetBytes: Math.floor(budgetKb * KB),
  });
  console.log(describe(result));
} catch (err) {
  if (err instanceof BudgetExceededError) {
    console.error(`${describe(err.result)}\nFAILED: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
