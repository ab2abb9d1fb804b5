// The generator of Mozilla's source-map, imported on its own (see
// sourceMapJson in compiler.ts); its types are the package's own.
declare module 'source-map/lib/source-map-generator.js' {
  export { SourceMapGenerator } from 'source-map';
}
