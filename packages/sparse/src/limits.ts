/**
 * Default largest row or column count the readers (`readMatrixMarket`, `deserializeSparse`, `decodeBundle`) accept:
 * 2^26 = 67,108,864. A CSR needs rows + 1 row pointers whatever the number of non-zeros, and a MatrixMarket size line
 * (or a CSB header) is not bounded by the file length, so an unchecked header could make the reader allocate and
 * sweep gigabytes. The largest CNN weight matrices are a few thousand rows (CaffeNet fc6: 4096 x 9216). Raise it
 * with the `maxDimension` option when a genuine matrix is larger.
 */
export const DEFAULT_MAX_DIMENSION = 1 << 26;
