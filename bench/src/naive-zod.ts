// For the naive cold-start bundle: full zod in place of zod/mini, with the two check names
// mini has and classic spells differently.
import * as z from 'zod';
export * from 'zod';
export const minimum = z.gte;
export const maximum = z.lte;
