declare module 'vitest' {
  export interface ProvidedContext {
    /** The web app's production build (test/support/build-web-app.ts). */
    webDist: string;
  }
}
export {};
