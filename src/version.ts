/** The engine's version; packs declare the range they need (`pack.engine`). Kept equal to package.json by a test. */
export const ENGINE_VERSION = '1.0.0';
