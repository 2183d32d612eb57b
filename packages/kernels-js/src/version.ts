/** Package version reported by `info()` (kept in step with package.json by the release). */
export const VERSION = '0.1.0';
