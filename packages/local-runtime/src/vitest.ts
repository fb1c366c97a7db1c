// For test files: the endpoint of the DynamoDB Local that ./vitest-setup.ts started.
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export const testDynamoEndpoint = (): string => inject('dynamoEndpoint');
