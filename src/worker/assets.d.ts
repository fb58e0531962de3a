/** Vite's `?url` imports: the URL of an emitted asset (the wasm binaries of tfjs-backend-wasm). */
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
